package io.latticeshop.local.sigv4;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4's canonical request and signature, built here for the one kind of request the SDK
 * signer cannot recompute: one whose client signed a header that the SDK leaves out of
 * every signature it makes ({@link #LEFT_OUT_BY_THE_SDK}). AWS verifies exactly the
 * headers a client lists as signed, and clients other than the Java SDK sign such
 * headers: curl signs every header it sends, botocore signs {@code X-Forwarded-For}.
 * Everything else is verified with the SDK signer, and the tests hold the two to the same
 * signatures. The path and query are encoded with the SDK's own encoder, as the SDK
 * signer encodes them.
 */
final class CanonicalRequest {

	/** The headers the SDK's SigV4 signer never signs, whatever the request carries. */
	static final Set<String> LEFT_OUT_BY_THE_SDK = Set.of("connection", "expect", "transfer-encoding", "user-agent",
			"x-amzn-trace-id", "x-forwarded-for");

	private CanonicalRequest() {
	}

	/** Whether the SDK signer would leave out a header that the client signed. */
	static boolean needed(List<String> signedHeaders) {
		for (String name : signedHeaders) {
			if (LEFT_OUT_BY_THE_SDK.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The signature of {@code request} over {@code signedHeaders}, each with the values
	 * it arrived with, and its payload hash as the client declared it.
	 * @param scope the credential's date, region and service
	 * @param doubleUrlEncode whether the path is encoded again, as the Java SDK signs it;
	 * otherwise it is signed as sent, as curl and most other SDKs sign it
	 */
	static String signature(ReceivedRequest request, List<String> signedHeaders, String secret, String amzDate,
			String[] scope, boolean doubleUrlEncode) {
		List<String> names = new ArrayList<>(signedHeaders);
		names.sort(null);
		String canonical = String.join("\n", request.method(), canonicalUri(request.rawPath(), doubleUrlEncode),
				canonicalQuery(SigV4Verifier.queryParameters(request.rawQuery())),
				canonicalHeaders(request.headers(), names), String.join(";", names),
				String.valueOf(request.header("x-amz-content-sha256")));
		String credentialScope = scope[0] + "/" + scope[1] + "/" + scope[2] + "/aws4_request";
		String stringToSign = String.join("\n", SigV4Verifier.ALGORITHM, amzDate, credentialScope,
				HexFormat.of().formatHex(sha256(canonical)));
		byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[0]);
		key = hmac(key, scope[1]);
		key = hmac(key, scope[2]);
		key = hmac(key, "aws4_request");
		return HexFormat.of().formatHex(hmac(key, stringToSign));
	}

	private static String canonicalUri(String rawPath, boolean doubleUrlEncode) {
		String path = rawPath.isEmpty() ? "/" : rawPath;
		if (!doubleUrlEncode) {
			return path;
		}
		// As the SDK signer does when it encodes twice: the path normalized, then each
		// character outside SigV4's unreserved set encoded again, slashes kept. (The
		// endpoint refuses a path that is not in normal form before it gets here.)
		String normalized;
		try {
			normalized = URI.create(path).normalize().getRawPath();
		}
		catch (IllegalArgumentException ex) {
			normalized = path;
		}
		return SdkHttpUtils.urlEncodeIgnoreSlashes(normalized);
	}

	private static String canonicalQuery(Map<String, List<String>> parameters) {
		List<String[]> pairs = new ArrayList<>();
		parameters.forEach((name, values) -> {
			for (String value : values) {
				pairs.add(new String[] { SdkHttpUtils.urlEncode(name), SdkHttpUtils.urlEncode(value) });
			}
		});
		// By encoded name, then by encoded value.
		pairs.sort(Comparator.<String[], String>comparing((pair) -> pair[0]).thenComparing((pair) -> pair[1]));
		StringBuilder canonical = new StringBuilder();
		for (String[] pair : pairs) {
			if (!canonical.isEmpty()) {
				canonical.append('&');
			}
			canonical.append(pair[0]).append('=').append(pair[1]);
		}
		return canonical.toString();
	}

	/** {@code names} sorted, as the canonical request lists them. */
	private static String canonicalHeaders(Map<String, List<String>> headers, List<String> names) {
		StringBuilder canonical = new StringBuilder();
		for (String name : names) {
			canonical.append(name).append(':');
			List<String> values = headers.getOrDefault(name, List.of());
			for (int i = 0; i < values.size(); i++) {
				if (i > 0) {
					canonical.append(',');
				}
				// Trimmed, and runs of white space inside a value folded to one space.
				canonical.append(values.get(i).strip().replaceAll("\\s+", " "));
			}
			canonical.append('\n');
		}
		return canonical.toString();
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK has no SHA-256", ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK has no HmacSHA256", ex);
		}
	}

}
