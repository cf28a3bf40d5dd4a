package io.latticeshop.local.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.crypto.Mac;

import io.latticeshop.local.sigv4.Verification.Anonymous;
import io.latticeshop.local.sigv4.Verification.Rejected;
import io.latticeshop.local.sigv4.Verification.Verified;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifies SigV4 the way Lattice does: recomputes the signature over exactly the headers
 * the client signed, then compares in constant time. {@link CanonicalRequest} recomputes
 * it, with a signing key derived once per access key and day; a signature it does not
 * reproduce is recomputed by the SDK's own signer before the request is refused, so every
 * request the SDK signs verifies. Messages follow the shapes AWS services answer with;
 * Lattice's exact wording for signature failures is not documented, so these use the
 * wording common to AWS APIs.
 */
public final class SigV4Verifier {

	public static final String SERVICE = "vpc-lattice-svcs";

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	static final String ALGORITHM = "AWS4-HMAC-SHA256";

	private static final Duration MAX_SKEW = Duration.ofMinutes(5);

	// By exact name: methods are case-sensitive, and SdkHttpMethod.fromValue streams
	// over every constant on each call.
	private static final Map<String, SdkHttpMethod> SIGNABLE_METHODS = new LinkedHashMap<>();

	static {
		for (SdkHttpMethod method : SdkHttpMethod.values()) {
			SIGNABLE_METHODS.put(method.name(), method);
		}
	}

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	private final String region;

	private final Function<String, String> secrets;

	private final Clock clock;

	private static final int MAX_SIGNING_KEYS = 1024;

	private final Map<String, SigningKey> signingKeys = new ConcurrentHashMap<>();

	/** {@code secrets} maps an access key id to its secret, or to null when unknown. */
	public SigV4Verifier(String region, Function<String, String> secrets, Clock clock) {
		this.region = region;
		this.secrets = secrets;
		this.clock = clock;
	}

	public Verification verify(ReceivedRequest request) {
		String authorization = request.header("authorization");
		if (authorization == null) {
			if (request.rawQuery() != null && request.rawQuery().contains("X-Amz-Signature=")) {
				return reject("AccessDeniedException: Query-string (presigned) authentication is not supported",
						"PresignedNotSupported");
			}
			return new Anonymous();
		}
		if (authorization.startsWith("AWS4-ECDSA-P256-SHA256")) {
			return reject("InvalidSignatureException: SigV4a signatures are not supported by lattice-local",
					"SigV4aNotSupported");
		}
		Authorization parsed = Authorization.parse(authorization);
		if (parsed == null) {
			return reject("IncompleteSignatureException: Authorization header requires 'Credential', "
					+ "'SignedHeaders' and 'Signature' parameters of an " + ALGORITHM + " signature. Authorization="
					+ authorization, "IncompleteSignature");
		}
		String secret = this.secrets.apply(parsed.accessKeyId());
		if (secret == null) {
			return reject("UnrecognizedClientException: The security token included in the request is invalid.",
					"UnknownAccessKey", parsed);
		}
		Rejected problem = checkScope(request, parsed);
		if (problem != null) {
			return problem;
		}
		String amzDate = request.header("x-amz-date");
		Instant signedAt = amzDate(amzDate);
		problem = checkDateAndPayload(request, parsed, amzDate, signedAt);
		if (problem != null) {
			return problem;
		}
		if (!SIGNABLE_METHODS.containsKey(request.method())) {
			// The methods the SDK signer can sign, the authority on what verifies; a
			// signed WebDAV or lower-case method is refused, not a server error.
			return reject(
					"InvalidSignatureException: lattice-local verifies signatures of "
							+ String.join(", ", SIGNABLE_METHODS.keySet()) + " requests, not of " + request.method(),
					"UnsupportedMethod", parsed);
		}
		if (!matches(request, parsed, secret, amzDate, signedAt)) {
			return reject(
					"InvalidSignatureException: The request signature we calculated does not match the "
							+ "signature you provided. Check your AWS Secret Access Key and signing method.",
					"SignatureDoesNotMatch", parsed);
		}
		return new Verified(parsed.accessKeyId());
	}

	// The credential's scope, and that Host and X-Amz-Date are signed.
	private Rejected checkScope(ReceivedRequest request, Authorization parsed) {
		String[] scope = parsed.scope();
		if (scope.length != 4 || !scope[3].equals("aws4_request")) {
			return reject("IncompleteSignatureException: Credential should be scoped with a valid terminator: "
					+ "'aws4_request'.", "InvalidCredentialScope", parsed);
		}
		if (!scope[1].equals(this.region)) {
			return reject("InvalidSignatureException: Credential should be scoped to a valid region, not '" + scope[1]
					+ "'. ", "InvalidRegion", parsed);
		}
		if (!scope[2].equals(SERVICE)) {
			return reject(
					"InvalidSignatureException: Credential should be scoped to correct service: '" + SERVICE + "'. ",
					"InvalidService", parsed);
		}
		if (!parsed.signedHeaders().contains("host")) {
			return reject("InvalidSignatureException: 'Host' must be a signed header.", "HostNotSigned", parsed);
		}
		String amzDate = request.header("x-amz-date");
		if (amzDate == null || !parsed.signedHeaders().contains("x-amz-date")) {
			return reject("IncompleteSignatureException: 'X-Amz-Date' must be present and signed.", "MissingDate",
					parsed);
		}
		return null;
	}

	// The signing date, read once by the caller (null when malformed): its form, its day
	// against the scope's, the five-minute window; then the unsigned payload.
	private Rejected checkDateAndPayload(ReceivedRequest request, Authorization parsed, String amzDate,
			Instant signedAt) {
		String[] scope = parsed.scope();
		if (signedAt == null) {
			return reject("IncompleteSignatureException: X-Amz-Date '" + amzDate + "' is not in ISO 8601 basic "
					+ "format (yyyyMMdd'T'HHmmss'Z').", "MalformedDate", parsed);
		}
		if (!scope[0].equals(amzDate.substring(0, 8))) {
			return reject("InvalidSignatureException: Date in Credential scope does not match YYYYMMDD from "
					+ "ISO-8601 version of date from HTTP: '" + scope[0] + "' != '" + amzDate.substring(0, 8) + "'",
					"InvalidCredentialScope", parsed);
		}
		Instant now = this.clock.instant();
		if (signedAt.isBefore(now.minus(MAX_SKEW))) {
			return reject(
					"InvalidSignatureException: Signature expired: " + amzDate + " is now earlier than "
							+ AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)",
					"SignatureExpired", parsed);
		}
		if (signedAt.isAfter(now.plus(MAX_SKEW))) {
			return reject(
					"InvalidSignatureException: Signature not yet current: " + amzDate + " is still later than "
							+ AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)",
					"SignatureNotYetCurrent", parsed);
		}
		// Lattice never signs payloads; a signature over a body hash would be verified
		// against a body Lattice does not read, so it refuses such requests outright.
		if (!parsed.signedHeaders().contains("x-amz-content-sha256")
				|| !UNSIGNED_PAYLOAD.equals(request.header("x-amz-content-sha256"))) {
			return reject(
					"InvalidSignatureException: 'x-amz-content-sha256' must be a signed header with the value '"
							+ UNSIGNED_PAYLOAD + "': VPC Lattice does not support payload signing.",
					"PayloadSigned", parsed);
		}
		return null;
	}

	/**
	 * Whether the client's signature is the one its secret gives for this request: first
	 * by {@link CanonicalRequest} with the path encoded twice (as the Java SDK signs it),
	 * then once (as curl and most other SDKs sign it); then, before a refusal, by the SDK
	 * signer itself, which stays the authority on every request it can sign.
	 */
	private boolean matches(ReceivedRequest request, Authorization parsed, String secret, String amzDate,
			Instant signedAt) {
		Mac key = signingKey(parsed.accessKeyId(), secret, parsed.scope());
		String twice = CanonicalRequest.canonicalUri(request.rawPath(), true);
		if (constantTimeEquals(
				CanonicalRequest.signature(request, parsed.signedHeaders(), key, amzDate, parsed.scope(), twice),
				parsed.signature())) {
			return true;
		}
		String once = CanonicalRequest.canonicalUri(request.rawPath(), false);
		if (!once.equals(twice) && constantTimeEquals(
				CanonicalRequest.signature(request, parsed.signedHeaders(), key, amzDate, parsed.scope(), once),
				parsed.signature())) {
			return true;
		}
		if (CanonicalRequest.signsAHeaderTheSdkLeavesOut(parsed.signedHeaders())) {
			return false;
		}
		return constantTimeEquals(signature(request, parsed.signedHeaders(), parsed.accessKeyId(), secret, this.region,
				SERVICE, signedAt, true), parsed.signature())
				|| constantTimeEquals(signature(request, parsed.signedHeaders(), parsed.accessKeyId(), secret,
						this.region, SERVICE, signedAt, false), parsed.signature());
	}

	/**
	 * The signing key of an access key for the scope's day, derived once: the scope's
	 * region and service are this verifier's, checked before. A day's keys are few (one
	 * per workload), and the map is emptied should it ever hold more than
	 * {@value #MAX_SIGNING_KEYS}.
	 */
	private Mac signingKey(String accessKeyId, String secret, String[] scope) {
		String id = accessKeyId + '/' + scope[0];
		SigningKey key = this.signingKeys.get(id);
		if (key == null || !key.secret().equals(secret)) {
			if (this.signingKeys.size() >= MAX_SIGNING_KEYS) {
				this.signingKeys.clear();
			}
			key = new SigningKey(secret, CanonicalRequest.signingKey(secret, scope));
			this.signingKeys.put(id, key);
		}
		return key.mac();
	}

	private record SigningKey(String secret, Mac mac) {
	}

	/**
	 * Recomputes the signature of a received request with the SDK signer. The signer
	 * always signs {@code x-amz-content-sha256} as well, which is why that header is
	 * required rather than merely checked when present.
	 */
	static String signature(ReceivedRequest request, List<String> signedHeaders, String accessKeyId, String secret,
			String region, String service, Instant signedAt, boolean doubleUrlEncode) {
		SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
			.method(SIGNABLE_METHODS.get(request.method()))
			// The scheme is not part of the canonical request. https keeps the SDK from
			// forcing payload signing, which it does for plain http.
			.protocol("https")
			.encodedPath(request.rawPath().isEmpty() ? "/" : request.rawPath())
			.rawQueryParameters(queryParameters(request.rawQuery()));
		String host = request.header("host");
		int colon = (host != null) ? host.lastIndexOf(':') : -1;
		if (host == null) {
			builder.host("localhost");
		}
		else if (colon > 0 && host.indexOf(']') < colon) {
			builder.host(host.substring(0, colon)).port(Integer.parseInt(host.substring(colon + 1)));
		}
		else {
			builder.host(host);
		}
		for (String name : signedHeaders) {
			List<String> values = request.headers().get(name);
			if (values != null) {
				builder.putHeader(name, values);
			}
		}
		SignedRequest signed = SIGNER.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
			.request(builder.build())
			.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
			.putProperty(AwsV4HttpSigner.REGION_NAME, region)
			.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, doubleUrlEncode)
			.putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, doubleUrlEncode)
			.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
			.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
		String header = signed.request().firstMatchingHeader("Authorization").orElseThrow();
		return header.substring(header.indexOf("Signature=") + "Signature=".length());
	}

	/**
	 * {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: on every signed request, and
	 * {@code DateTimeFormatter} took a tenth of the verification's time.
	 * @return the instant, or null when the text is not such a date
	 */
	static Instant amzDate(String text) {
		if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
			return null;
		}
		for (int i = 0; i < 15; i++) {
			if (i != 8 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
				return null;
			}
		}
		try {
			return LocalDateTime
				.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8), number(text, 9, 11),
						number(text, 11, 13), number(text, 13, 15))
				.toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int number(String digits, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (digits.charAt(i) - '0');
		}
		return value;
	}

	/** The query's parameters, decoded, as the SDK signer takes them. */
	static Map<String, List<String>> queryParameters(String rawQuery) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String text) {
		// '+' is a literal plus in SigV4's query encoding, not a space.
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static boolean constantTimeEquals(String expected, String provided) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				provided.getBytes(StandardCharsets.US_ASCII));
	}

	private static Rejected reject(String message, String reason) {
		return new Rejected(message, reason, null);
	}

	private static Rejected reject(String message, String reason, Authorization claimed) {
		return new Rejected(message, reason, claimed.accessKeyId());
	}

	/** The parts of an AWS4-HMAC-SHA256 Authorization header. */
	record Authorization(String accessKeyId, String[] scope, List<String> signedHeaders, String signature) {

		static Authorization parse(String header) {
			if (!header.startsWith(ALGORITHM + " ")) {
				return null;
			}
			String credential = null;
			String signedHeaders = null;
			String signature = null;
			int from = ALGORITHM.length() + 1;
			while (from <= header.length()) {
				int comma = header.indexOf(',', from);
				int to = (comma < 0) ? header.length() : comma;
				String part = header.substring(from, to).trim();
				if (part.startsWith("Credential=")) {
					credential = part.substring("Credential=".length());
				}
				else if (part.startsWith("SignedHeaders=")) {
					signedHeaders = part.substring("SignedHeaders=".length());
				}
				else if (part.startsWith("Signature=")) {
					signature = part.substring("Signature=".length());
				}
				from = to + 1;
			}
			if (credential == null || signedHeaders == null || signature == null || credential.indexOf('/') < 1) {
				return null;
			}
			int slash = credential.indexOf('/');
			return new Authorization(credential.substring(0, slash), credential.substring(slash + 1).split("/"),
					List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";")), signature);
		}

	}

}
