package io.latticeshop.lattice.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 written out from the specification with nothing but the JDK, so that the client's
 * signatures are checked by code that shares nothing with the SDK signer. Handles what
 * the shop sends: unreserved characters in paths and simple queries.
 */
final class IndependentSigV4 {

	private IndependentSigV4() {
	}

	/**
	 * Recomputes the signature of a received request.
	 * @return the hex signature the request should carry
	 */
	static String signature(RawHttpServer.Received request, String secret) throws GeneralSecurityException {
		String authorization = request.header("Authorization");
		String credential = field(authorization, "Credential");
		String[] signedHeaders = field(authorization, "SignedHeaders").split(";");
		String[] scope = credential.split("/", 2)[1].split("/");
		String amzDate = request.header("X-Amz-Date");

		String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
				: request.target();
		String query = request.target().contains("?") ? request.target().substring(request.target().indexOf('?') + 1)
				: "";
		String canonicalQuery = query.isEmpty() ? ""
				: Arrays.stream(query.split("&")).sorted().collect(Collectors.joining("&"));
		StringBuilder canonicalHeaders = new StringBuilder();
		for (String name : signedHeaders) {
			canonicalHeaders.append(name)
				.append(':')
				.append(request.header(name).strip().replaceAll(" +", " "))
				.append('\n');
		}
		String canonicalRequest = String.join("\n", request.method(), path, canonicalQuery, canonicalHeaders.toString(),
				String.join(";", signedHeaders), request.header("x-amz-content-sha256"));
		String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, String.join("/", scope),
				hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));

		byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[0]);
		key = hmac(key, scope[1]);
		key = hmac(key, scope[2]);
		key = hmac(key, scope[3]);
		return hex(hmac(key, stringToSign));
	}

	static String field(String authorization, String name) {
		for (String part : authorization.substring(authorization.indexOf(' ') + 1).split(",")) {
			String trimmed = part.strip();
			if (trimmed.startsWith(name + "=")) {
				return trimmed.substring(name.length() + 1);
			}
		}
		throw new AssertionError("no " + name + " in " + authorization);
	}

	private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
	}

}
