package io.latticeshop.local.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately plain SigV4 signer written from the specification, independent of the
 * SDK, so tests can tell a verifier bug from a signer quirk. Paths and queries must
 * already be in canonical (encoded, sorted-by-us) form except for parameter order.
 */
final class ReferenceSigner {

	private ReferenceSigner() {
	}

	static String sign(String method, String path, String query, Map<String, String> headers, String payloadHash,
			String scopeWithoutTerminator, String secret) {
		String canonicalQuery = (query == null || query.isEmpty()) ? ""
				: Arrays.stream(query.split("&")).sorted().collect(Collectors.joining("&"));
		String canonicalHeaders = headers.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((header) -> header.getKey() + ":" + header.getValue().trim() + "\n")
			.collect(Collectors.joining());
		String signedHeaders = headers.keySet().stream().sorted().collect(Collectors.joining(";"));
		String canonicalRequest = String.join("\n", method, path, canonicalQuery, canonicalHeaders, signedHeaders,
				payloadHash);
		String[] scope = scopeWithoutTerminator.split("/");
		String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", headers.get("x-amz-date"),
				scopeWithoutTerminator + "/aws4_request", hex(sha256(canonicalRequest)));
		byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[0]);
		key = hmac(key, scope[1]);
		key = hmac(key, scope[2]);
		key = hmac(key, "aws4_request");
		return hex(hmac(key, stringToSign));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
