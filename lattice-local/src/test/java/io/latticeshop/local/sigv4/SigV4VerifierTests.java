package io.latticeshop.local.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.latticeshop.local.sigv4.Verification.Anonymous;
import io.latticeshop.local.sigv4.Verification.Rejected;
import io.latticeshop.local.sigv4.Verification.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4VerifierTests {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final String KEY = "AKIDLOCALWEBSERVER01";

	static final String SECRET = "local-secret-for-the-web-server-workload";

	final SigV4Verifier verifier = new SigV4Verifier("us-east-1", (key) -> KEY.equals(key) ? SECRET : null,
			Clock.fixed(NOW, ZoneOffset.UTC));

	/**
	 * Signs like the lattice-spring-boot-starter does: SDK signer over the body-less
	 * request, UNSIGNED-PAYLOAD.
	 */
	static ReceivedRequest signed(String method, String pathAndQuery, String region, String service, Instant at,
			String secret, boolean unsignedPayloadHeader) {
		int question = pathAndQuery.indexOf('?');
		String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
		String query = question < 0 ? null : pathAndQuery.substring(question + 1);
		SdkHttpRequest.Builder request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(method))
			.protocol("http")
			.host("127.0.0.1")
			.port(9081)
			.encodedPath(path)
			.putHeader("Content-Type", "application/json");
		if (query != null) {
			for (String pair : query.split("&")) {
				String[] parts = pair.split("=", 2);
				request.appendRawQueryParameter(parts[0], parts.length > 1 ? parts[1] : "");
			}
		}
		String wireQuery = request.build().encodedQueryParameters().orElse(null);
		if (unsignedPayloadHeader) {
			request.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
		}
		SdkHttpRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(KEY, secret))
				.request(request.build())
				.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
				.putProperty(AwsV4HttpSigner.REGION_NAME, region)
				.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
			.request();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
		headers.putIfAbsent("host", List.of("127.0.0.1:9081"));
		return new ReceivedRequest(method, path, wireQuery, headers);
	}

	static ReceivedRequest signed(String method, String pathAndQuery) {
		return signed(method, pathAndQuery, "us-east-1", "vpc-lattice-svcs", NOW.minusSeconds(30), SECRET, true);
	}

	@Test
	void acceptsWhatTheSdkSignerSignsWithUnsignedPayload() {
		assertThat(this.verifier.verify(signed("GET", "/api/customers/C-1001"))).isEqualTo(new Verified(KEY));
		assertThat(this.verifier.verify(signed("POST", "/orders/process?dryRun=true&tag=a b&tag=c/d")))
			.isEqualTo(new Verified(KEY));
	}

	@Test
	void thePayloadHashMustBeTheSignedUnsignedPayloadMarker() {
		// Signed with UNSIGNED-PAYLOAD, then a body hash put in its place: the signature
		// no longer covers what was sent.
		ReceivedRequest signed = signed("GET", "/x");
		Map<String, List<String>> swapped = new LinkedHashMap<>(signed.headers());
		swapped.put("x-amz-content-sha256",
				List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
		assertThat(this.verifier.verify(new ReceivedRequest("GET", "/x", null, swapped)))
			.isInstanceOfSatisfying(Rejected.class, (rejected) -> {
				assertThat(rejected.reason()).isEqualTo("PayloadSigned");
				assertThat(rejected.message()).startsWith(
						"InvalidSignatureException: 'x-amz-content-sha256' must be a signed header with the value "
								+ "'UNSIGNED-PAYLOAD'");
			});
	}

	@Test
	void unsignedRequestsAreAnonymous() {
		assertThat(this.verifier.verify(new ReceivedRequest("GET", "/", null, Map.of("host", List.of("x")))))
			.isInstanceOf(Anonymous.class);
	}

	@Test
	void rejectsTamperedRequests() {
		ReceivedRequest request = signed("GET", "/api/customers/C-1001");
		ReceivedRequest tampered = new ReceivedRequest("GET", "/api/customers/C-1002", null, request.headers());
		assertThat(this.verifier.verify(tampered)).isInstanceOfSatisfying(Rejected.class,
				(rejected) -> assertThat(rejected.message())
					.startsWith("InvalidSignatureException: The request signature we calculated does not match"));
		ReceivedRequest otherMethod = new ReceivedRequest("DELETE", request.rawPath(), null, request.headers());
		assertThat(this.verifier.verify(otherMethod)).isInstanceOf(Rejected.class);
	}

	@ParameterizedTest
	@CsvSource({ "PROPFIND", "get" })
	void rejectsASignedRequestWhoseMethodTheSignerCannotRecompute(String method) {
		ReceivedRequest request = signed("GET", "/api/customers/C-1001");
		ReceivedRequest other = new ReceivedRequest(method, request.rawPath(), null, request.headers());

		assertThat(this.verifier.verify(other)).isInstanceOfSatisfying(Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).isEqualTo("UnsupportedMethod");
			assertThat(rejected.message()).startsWith("InvalidSignatureException: lattice-local verifies signatures of")
				.contains("GET, POST")
				.endsWith("requests, not of " + method);
		});
	}

	@Test
	void rejectsWrongSecretAndUnknownKey() {
		assertThat(this.verifier.verify(signed("GET", "/", "us-east-1", "vpc-lattice-svcs", NOW, "wrong", true)))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("SignatureDoesNotMatch");
		SigV4Verifier nobodyKnown = new SigV4Verifier("us-east-1", (key) -> null, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(nobodyKnown.verify(signed("GET", "/"))).extracting((result) -> ((Rejected) result).message())
			.isEqualTo("UnrecognizedClientException: The security token included in the request is invalid.");
	}

	@Test
	void rejectsRequestsSignedMoreThanFiveMinutesAwayFromNow() {
		Rejected old = (Rejected) this.verifier
			.verify(signed("GET", "/", "us-east-1", "vpc-lattice-svcs", NOW.minusSeconds(301), SECRET, true));
		assertThat(old.message()).isEqualTo("InvalidSignatureException: Signature expired: 20260301T115459Z is now "
				+ "earlier than 20260301T115500Z (20260301T120000Z - 5 min.)");
		assertThat(this.verifier
			.verify(signed("GET", "/", "us-east-1", "vpc-lattice-svcs", NOW.plusSeconds(301), SECRET, true)))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("SignatureNotYetCurrent");
		assertThat(this.verifier
			.verify(signed("GET", "/", "us-east-1", "vpc-lattice-svcs", NOW.minusSeconds(299), SECRET, true)))
			.isInstanceOf(Verified.class);
	}

	@Test
	void rejectsWrongRegionOrService() {
		assertThat(this.verifier.verify(signed("GET", "/", "eu-west-1", "vpc-lattice-svcs", NOW, SECRET, true)))
			.extracting((result) -> ((Rejected) result).message())
			.isEqualTo("InvalidSignatureException: Credential should be scoped to a valid region, not 'eu-west-1'. ");
		assertThat(this.verifier.verify(signed("GET", "/", "us-east-1", "execute-api", NOW, SECRET, true)))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("InvalidService");
	}

	@Test
	void rejectsSignaturesThatDoNotDeclareAnUnsignedPayload() {
		// The SDK signer always adds the header, so these come from the reference signer.
		Map<String, String> bodyHashSigned = new LinkedHashMap<>();
		bodyHashSigned.put("host", "127.0.0.1:9081");
		bodyHashSigned.put("x-amz-content-sha256", EMPTY_SHA256);
		bodyHashSigned.put("x-amz-date", "20260301T120000Z");
		assertThat(this.verifier.verify(referenceSigned(bodyHashSigned, EMPTY_SHA256)))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("PayloadSigned");
		Map<String, String> headerNotSigned = new LinkedHashMap<>();
		headerNotSigned.put("host", "127.0.0.1:9081");
		headerNotSigned.put("x-amz-date", "20260301T120000Z");
		assertThat(this.verifier.verify(referenceSigned(headerNotSigned, "UNSIGNED-PAYLOAD")))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("PayloadSigned");
	}

	private static ReceivedRequest referenceSigned(Map<String, String> headers, String payloadHash) {
		String scope = "20260301/us-east-1/vpc-lattice-svcs";
		String signature = ReferenceSigner.sign("GET", "/", null, headers, payloadHash, scope, SECRET);
		Map<String, List<String>> received = new LinkedHashMap<>();
		headers.forEach((header, value) -> received.put(header, List.of(value)));
		received.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + KEY + "/" + scope
				+ "/aws4_request, SignedHeaders=" + String.join(";", headers.keySet()) + ", Signature=" + signature));
		return new ReceivedRequest("GET", "/", null, received);
	}

	@ParameterizedTest
	@ValueSource(strings = { "20260301T120000", "2026-03-01T12:00:00Z", "20260301t120000Z", "20261301T120000Z",
			"20260230T120000Z", "20260301T250000Z", "2026030xT120000Z", "+0260301T120000Z", "20260301T12000١Z" })
	void rejectsDatesNotInIsoBasicForm(String date) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("host", "127.0.0.1:9081");
		headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
		headers.put("x-amz-date", date);

		assertThat(SigV4Verifier.amzDate(date)).isNull();
		assertThat(this.verifier.verify(referenceSigned(headers, "UNSIGNED-PAYLOAD")))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("MalformedDate");
	}

	@Test
	void readsDatesInIsoBasicForm() {
		assertThat(SigV4Verifier.amzDate("20260301T120000Z")).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
		assertThat(SigV4Verifier.amzDate("20240229T235959Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
	}

	@Test
	void rejectsMalformedAuthorization() {
		ReceivedRequest request = new ReceivedRequest("GET", "/", null,
				Map.of("host", List.of("h"), "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKID/x")));
		assertThat(this.verifier.verify(request)).extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("IncompleteSignature");
	}

	// The SigV4 test suite AWS publishes (get-vanilla and friends), rewritten as
	// fixtures:
	// service "service", region us-east-1, the documentation's example key pair. The SDK
	// signer always adds x-amz-content-sha256, which the suite's requests do not sign, so
	// the published signatures first validate an independent reference signer; Lattice-
	// shaped variants of the same requests then check the verifier against that
	// reference.

	static final String SUITE_KEY = "AKIDEXAMPLE";

	static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					get-vanilla                     | GET  | /  |                             | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
					get-vanilla-query-order-key-case | GET | /  | Param2=value2&Param1=value1 | b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500
					post-vanilla                    | POST | /  |                             | 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b
					""")
	void referenceSignerReproducesThePublishedSuite(String name, String method, String path, String query,
			String signature) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("host", "example.amazonaws.com");
		headers.put("x-amz-date", "20150830T123600Z");
		assertThat(ReferenceSigner.sign(method, path, query, headers, EMPTY_SHA256, "20150830/us-east-1/service",
				SUITE_SECRET))
			.isEqualTo(signature);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					get-vanilla                      | GET  | /                |
					get-vanilla-query-order-key-case | GET  | /                | Param2=value2&Param1=value1
					get-vanilla-query-unreserved     | GET  | /                | -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
					get-slash-pointless-dot-free     | GET  | /example/path    |
					post-vanilla                     | POST | /                |
					post-vanilla-query               | POST | /                | Param1=value1
					path encoded once, as curl signs | GET  | /items/a%20b     |
					dot segment, signed as sent      | GET  | /example/./path  |
					""")
	void verifierAcceptsTheSuiteRequestsInLatticeShape(String name, String method, String path, String query) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("host", "example.amazonaws.com");
		headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
		headers.put("x-amz-date", "20150830T123600Z");
		String scope = "20150830/us-east-1/vpc-lattice-svcs";
		String signature = ReferenceSigner.sign(method, path, query, headers, "UNSIGNED-PAYLOAD", scope, SUITE_SECRET);
		Map<String, List<String>> received = new LinkedHashMap<>();
		headers.forEach((header, value) -> received.put(header, List.of(value)));
		received.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + SUITE_KEY + "/" + scope
				+ "/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature));
		SigV4Verifier suiteVerifier = new SigV4Verifier("us-east-1",
				(key) -> SUITE_KEY.equals(key) ? SUITE_SECRET : null,
				Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
		assertThat(suiteVerifier.verify(new ReceivedRequest(method, path, query, received)))
			.isEqualTo(new Verified(SUITE_KEY));
	}

	// The SDK signer never signs six headers (CanonicalRequest.LEFT_OUT_BY_THE_SDK);
	// clients that do sign them (curl signs every header it sends) must still verify.

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "user-agent", "x-forwarded-for", "x-amzn-trace-id", "connection", "expect",
			"transfer-encoding" })
	void acceptsASignatureOverAHeaderTheSdkSignerNeverSigns(String header) {
		Map<String, String> headers = suiteShaped();
		headers.put(header, "  some   value ");
		assertThat(suiteVerifier().verify(suiteRequest("GET", "/items/a%20b", "b=2&a=1", headers, headers)))
			.isEqualTo(new Verified(SUITE_KEY));
	}

	@Test
	void aHeaderTheSdkSignerNeverSignsIsCheckedWhenTheClientSignedIt() {
		Map<String, String> signedWith = suiteShaped();
		signedWith.put("user-agent", "curl/8.5.0");
		Map<String, String> sent = new LinkedHashMap<>(signedWith);
		sent.put("user-agent", "something-else/1.0");
		assertThat(suiteVerifier().verify(suiteRequest("GET", "/", null, signedWith, sent)))
			.extracting((result) -> ((Rejected) result).reason())
			.isEqualTo("SignatureDoesNotMatch");
	}

	// Where both can sign a request, the canonical request built here and the SDK
	// signer's must give the same signature.
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			GET    | /orders
			GET    | /items/a%20b
			GET    | /a~b/c_d.e-f/%E2%82%AC
			GET    | /.well-known/jwks.json
			GET    | /a.b/c..d/e
			GET    | /items/a:b@c!d$e
			GET    | /customers/C-1001/invoices?b=2&a=1&a=0&empty=&q=a b&t=x/y
			POST   | /api/orders?dryRun=true
			DELETE | /orders/42
			""")
	void theCanonicalRequestBuiltHereSignsAsTheSdkSignerDoes(String method, String pathAndQuery) {
		ReceivedRequest request = signed(method, pathAndQuery);
		SigV4Verifier.Authorization parsed = SigV4Verifier.Authorization.parse(request.header("authorization"));
		assertThat(CanonicalRequest.signature(request, parsed.signedHeaders(),
				CanonicalRequest.signingKey(SECRET, parsed.scope()), request.header("x-amz-date"), parsed.scope(),
				CanonicalRequest.canonicalUri(request.rawPath(), true)))
			.isEqualTo(parsed.signature());
	}

	// The signing key is kept per access key and day; a workload whose secret changes
	// (a binding reloaded by a test harness) must not be verified against the old one.
	@Test
	void aSigningKeyIsNotKeptPastItsSecret() {
		Map<String, String> secrets = new java.util.HashMap<>(Map.of(KEY, SECRET));
		SigV4Verifier verifying = new SigV4Verifier("us-east-1", secrets::get, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(verifying.verify(signed("GET", "/orders"))).isEqualTo(new Verified(KEY));
		secrets.put(KEY, "another-secret");
		assertThat(verifying.verify(signed("GET", "/orders"))).isInstanceOf(Rejected.class);
		assertThat(verifying.verify(signed("GET", "/orders", "us-east-1", "vpc-lattice-svcs", NOW.minusSeconds(30),
				"another-secret", true)))
			.isEqualTo(new Verified(KEY));
	}

	private static Map<String, String> suiteShaped() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("host", "example.amazonaws.com");
		headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
		headers.put("x-amz-date", "20150830T123600Z");
		return headers;
	}

	// Signed as curl signs, path as sent, by the reference signer: values trimmed and
	// their inner runs of spaces folded, as SigV4 says.
	private static ReceivedRequest suiteRequest(String method, String path, String query,
			Map<String, String> signedWith, Map<String, String> sent) {
		Map<String, String> canonicalValues = new LinkedHashMap<>();
		signedWith.forEach((name, value) -> canonicalValues.put(name, value.strip().replaceAll(" +", " ")));
		String scope = "20150830/us-east-1/vpc-lattice-svcs";
		String signature = ReferenceSigner.sign(method, path, query, canonicalValues, "UNSIGNED-PAYLOAD", scope,
				SUITE_SECRET);
		Map<String, List<String>> received = new LinkedHashMap<>();
		sent.forEach((header, value) -> received.put(header, List.of(value)));
		received.put("authorization",
				List.of("AWS4-HMAC-SHA256 Credential=" + SUITE_KEY + "/" + scope + "/aws4_request, SignedHeaders="
						+ String.join(";", signedWith.keySet().stream().sorted().toList()) + ", Signature="
						+ signature));
		return new ReceivedRequest(method, path, query, received);
	}

	private static SigV4Verifier suiteVerifier() {
		return new SigV4Verifier("us-east-1", (key) -> SUITE_KEY.equals(key) ? SUITE_SECRET : null,
				Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
	}

}
