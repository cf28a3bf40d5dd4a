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
 * SigV4's canonical request and signature, built from a request as it was received, over
 * exactly the headers its client listed as signed. The path and query are encoded with
 * the SDK's own encoder, as the SDK signer encodes them, and the tests hold this class to
 * the SDK signer's signatures and to AWS's published test suite.
 *
 * <p>
 * Every signed request is verified here first: with a signing key kept per key and day
 * ({@link #signingKey}) it costs a fraction of a recomputation by the SDK signer, which
 * derives the key anew and builds its request objects on every call
 * ({@code docs/decisions/008-sigv4-verified-by-our-own-canonical-request.md}).
 */
final class CanonicalRequest {

	/** The headers the SDK's SigV4 signer never signs, whatever the request carries. */
	static final Set<String> LEFT_OUT_BY_THE_SDK = Set.of("connection", "expect", "transfer-encoding", "user-agent",
			"x-amzn-trace-id", "x-forwarded-for");

	private static final String HMAC_SHA256 = "HmacSHA256";

	// Cloned for each use: looking a digest up by name costs more than the digest of a
	// short canonical request.
	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK has no SHA-256", ex);
		}
	}

	private CanonicalRequest() {
	}

	/** Whether the SDK signer would leave out a header that the client signed. */
	static boolean signsAHeaderTheSdkLeavesOut(List<String> signedHeaders) {
		for (String name : signedHeaders) {
			if (LEFT_OUT_BY_THE_SDK.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The key that signs for one secret, day, region and service, ready to sign.
	 * {@link #signature} signs with a copy of it, as a {@link Mac} holds state while it
	 * signs, so one key serves every event loop.
	 * @param scope the credential's date, region and service
	 */
	static Mac signingKey(String secret, String[] scope) {
		byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[0]);
		key = hmac(key, scope[1]);
		key = hmac(key, scope[2]);
		key = hmac(key, "aws4_request");
		return mac(key);
	}

	private static Mac copy(Mac signingKey) {
		try {
			return (Mac) signingKey.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the JDK's HmacSHA256 cannot be copied", ex);
		}
	}

	/**
	 * The path as it enters the canonical request.
	 * @param doubleUrlEncode whether the path is encoded again, as the Java SDK signs it;
	 * otherwise it is signed as sent, as curl and most other SDKs sign it
	 */
	static String canonicalUri(String rawPath, boolean doubleUrlEncode) {
		String path = rawPath.isEmpty() ? "/" : rawPath;
		if (!doubleUrlEncode || isUnreserved(path)) {
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

	/**
	 * Whether a path is made only of slashes and characters SigV4 never encodes, with no
	 * dot segment or empty segment: then normalizing and encoding it again leave it as it
	 * is.
	 */
	private static boolean isUnreserved(String path) {
		char previous = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '~' || (c == '.' && previous != '/');
			if (!unreserved && !(c == '/' && previous != '/')) {
				return false;
			}
			previous = c;
		}
		return true;
	}

	/**
	 * The signature of {@code request} over {@code signedHeaders}, each with the values
	 * it arrived with, and its payload hash as the client declared it.
	 * @param signingKey from {@link #signingKey}, not used up by this call
	 * @param scope the credential's date, region and service
	 * @param canonicalUri from {@link #canonicalUri}
	 */
	static String signature(ReceivedRequest request, List<String> signedHeaders, Mac signingKey, String amzDate,
			String[] scope, String canonicalUri) {
		List<String> names = sorted(signedHeaders);
		StringBuilder canonical = new StringBuilder(512);
		canonical.append(request.method()).append('\n').append(canonicalUri).append('\n');
		appendCanonicalQuery(canonical, request.rawQuery());
		canonical.append('\n');
		appendCanonicalHeaders(canonical, request.headers(), names);
		canonical.append('\n');
		for (int i = 0; i < names.size(); i++) {
			canonical.append(i > 0 ? ";" : "").append(names.get(i));
		}
		canonical.append('\n').append(request.header("x-amz-content-sha256"));
		MessageDigest digest;
		try {
			digest = (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the JDK's SHA-256 cannot be copied", ex);
		}
		String stringToSign = SigV4Verifier.ALGORITHM + '\n' + amzDate + '\n' + scope[0] + '/' + scope[1] + '/'
				+ scope[2] + "/aws4_request\n"
				+ HexFormat.of().formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		return HexFormat.of().formatHex(copy(signingKey).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<String> sorted(List<String> names) {
		for (int i = 1; i < names.size(); i++) {
			if (names.get(i - 1).compareTo(names.get(i)) > 0) {
				List<String> copy = new ArrayList<>(names);
				copy.sort(null);
				return copy;
			}
		}
		return names;
	}

	private static void appendCanonicalQuery(StringBuilder canonical, String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return;
		}
		Map<String, List<String>> parameters = SigV4Verifier.queryParameters(rawQuery);
		List<String[]> pairs = new ArrayList<>();
		parameters.forEach((name, values) -> {
			for (String value : values) {
				pairs.add(new String[] { SdkHttpUtils.urlEncode(name), SdkHttpUtils.urlEncode(value) });
			}
		});
		// By encoded name, then by encoded value.
		pairs.sort(Comparator.<String[], String>comparing((pair) -> pair[0]).thenComparing((pair) -> pair[1]));
		for (int i = 0; i < pairs.size(); i++) {
			canonical.append(i > 0 ? "&" : "").append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
		}
	}

	/** {@code names} sorted, as the canonical request lists them. */
	private static void appendCanonicalHeaders(StringBuilder canonical, Map<String, List<String>> headers,
			List<String> names) {
		for (String name : names) {
			canonical.append(name).append(':');
			List<String> values = headers.getOrDefault(name, List.of());
			for (int i = 0; i < values.size(); i++) {
				canonical.append(i > 0 ? "," : "").append(folded(values.get(i)));
			}
			canonical.append('\n');
		}
	}

	/** A value trimmed, and its inner runs of white space folded to one space. */
	private static String folded(String value) {
		int length = value.length();
		if (length == 0) {
			return value;
		}
		boolean plain = !Character.isWhitespace(value.charAt(0)) && !Character.isWhitespace(value.charAt(length - 1));
		for (int i = 0; plain && i < length; i++) {
			char c = value.charAt(i);
			plain = (c == ' ') ? value.charAt(i + 1) != ' '
					: c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r';
		}
		return plain ? value : value.strip().replaceAll("\\s+", " ");
	}

	private static byte[] hmac(byte[] key, String data) {
		return mac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

	private static Mac mac(byte[] key) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA256);
			mac.init(new SecretKeySpec(key, HMAC_SHA256));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK has no HmacSHA256", ex);
		}
	}

}
