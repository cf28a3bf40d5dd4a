package io.latticeshop.lattice.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatticeSigningInterceptorTests {

	private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDLATTICESHOPTEST",
			"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

	private RawHttpServer server;

	@BeforeEach
	void start() throws Exception {
		this.server = new RawHttpServer(200, "{}");
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void signedGetVerifiesAgainstTheRawRequest() throws Exception {
		client(new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "eu-west-1")).get()
			.uri("/api/customers/{id}?expand=address", "C-1001")
			.retrieve()
			.toBodilessEntity();

		RawHttpServer.Received request = this.server.take();
		assertVerifies(request, "eu-west-1");
		assertThat(request.target()).isEqualTo("/api/customers/C-1001?expand=address");
	}

	@Test
	void signedPostWithBodyOverPlainHttpCarriesUnsignedPayload() throws Exception {
		String order = "{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}";
		client(new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "us-east-1")).post()
			.uri("/orders/process")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.retrieve()
			.toBodilessEntity();

		RawHttpServer.Received request = this.server.take();
		assertVerifies(request, "us-east-1");
		assertThat(new String(request.body())).isEqualTo(order);
		assertThat(IndependentSigV4.field(request.header("Authorization"), "SignedHeaders").split(";"))
			.contains("content-type", "host", "x-amz-content-sha256", "x-amz-date");
	}

	@Test
	void theTraceContextTravelsUnsigned() throws Exception {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		client(new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "us-east-1")).get()
			.uri("/api/orders/ORD-1")
			.header("traceparent", traceparent)
			.header("tracestate", "vendor=1")
			.retrieve()
			.toBodilessEntity();

		RawHttpServer.Received request = this.server.take();
		assertThat(request.header("traceparent")).isEqualTo(traceparent);
		assertThat(IndependentSigV4.field(request.header("Authorization"), "SignedHeaders").split(";"))
			.doesNotContain("traceparent", "tracestate");
		assertVerifies(request, "us-east-1");
	}

	@Test
	void sessionTokenIsCarriedAndSigned() throws Exception {
		AwsSessionCredentials session = AwsSessionCredentials.create(KEYS.accessKeyId(), KEYS.secretAccessKey(),
				"IQoJb3JpZ2luX2VjEXAMPLETOKEN==");
		client(new LatticeRequestSigner(StaticCredentialsProvider.create(session), "us-east-1")).get()
			.uri("/api/orders/ORD-1")
			.retrieve()
			.toBodilessEntity();

		RawHttpServer.Received request = this.server.take();
		assertThat(request.header("X-Amz-Security-Token")).isEqualTo("IQoJb3JpZ2luX2VjEXAMPLETOKEN==");
		assertThat(IndependentSigV4.field(request.header("Authorization"), "SignedHeaders").split(";"))
			.contains("x-amz-security-token");
		assertVerifies(request, "us-east-1");
	}

	@Test
	void theAuthorizationIsSigV4ForLatticeOverExactlyTheRequestSentAtTheSigningTime() throws Exception {
		Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
		client(new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "us-east-1", clock)).get()
			.uri("/api/orders/ORD-1?expand=lines")
			.retrieve()
			.toBodilessEntity();

		RawHttpServer.Received request = this.server.take();
		String signature = IndependentSigV4.signature(request, KEYS.secretAccessKey());
		assertThat(request.header("X-Amz-Date")).isEqualTo("20261129T120000Z");
		assertThat(request.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
		assertThat(request.header("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=" + KEYS.accessKeyId()
				+ "/20261129/us-east-1/vpc-lattice-svcs/aws4_request, "
				+ "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature);
		assertVerifies(request, "us-east-1");

		// The recomputation the signature was held against depends on each part the
		// signature must cover, so a signature over anything else could not have passed.
		Map<String, RawHttpServer.Received> others = Map.of("path",
				new RawHttpServer.Received("GET", "/api/orders/ORD-2?expand=lines", request.headers(), request.body()),
				"query",
				new RawHttpServer.Received("GET", "/api/orders/ORD-1?expand=none", request.headers(), request.body()),
				"method", new RawHttpServer.Received("DELETE", request.target(), request.headers(), request.body()),
				"date",
				new RawHttpServer.Received("GET", request.target(),
						replaced(request.headers(), "X-Amz-Date", "20261129T120001Z"), request.body()),
				"host", new RawHttpServer.Received("GET", request.target(),
						replaced(request.headers(), "Host", "other.example"), request.body()));
		for (Map.Entry<String, RawHttpServer.Received> other : others.entrySet()) {
			assertThat(IndependentSigV4.signature(other.getValue(), KEYS.secretAccessKey())).as(other.getKey())
				.isNotEqualTo(signature);
		}
	}

	@Test
	void aMethodTheSdkCannotSignIsRefusedBeforeAnythingIsSent() {
		RestClient client = client(new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "us-east-1"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> client.method(HttpMethod.valueOf("PROPFIND")).uri("/files").retrieve().toBodilessEntity())
			.withMessage("Cannot sign a PROPFIND request for Lattice: the AWS SDK signs "
					+ "GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS requests only");
		assertThat(this.server.waiting()).isZero();
	}

	@Test
	void aLiteralPlusAndEqualsSignInTheQueryAreSignedAsThemselves() {
		Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
		HttpHeaders headers = new HttpHeaders();
		new LatticeRequestSigner(StaticCredentialsProvider.create(KEYS), "us-east-1", clock).sign(HttpMethod.GET,
				URI.create("https://erp.example:8443/api/orders?cursor=eyJhIjoxfQ==&q=a+b&flag"), headers);

		// What the SDK signs for exactly these parameters; the SDK's own URI parsing
		// would have signed q as "a b" and cursor as "eyJhIjoxfQ".
		SdkHttpRequest expected = SdkHttpRequest.builder()
			.method(SdkHttpMethod.GET)
			.protocol("https")
			.host("erp.example")
			.port(8443)
			.encodedPath("/api/orders")
			.putRawQueryParameter("cursor", "eyJhIjoxfQ==")
			.putRawQueryParameter("q", "a+b")
			.putRawQueryParameter("flag", "")
			.build();
		String authorization = AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(expected)
				.identity(KEYS)
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "vpc-lattice-svcs")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
				.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock))
			.request()
			.firstMatchingHeader("Authorization")
			.orElseThrow();
		assertThat(headers.getFirst("Authorization")).isEqualTo(authorization);
	}

	@Test
	void noCredentialsToSignWithIsAnUnreachablePeerNotAnInternalError() {
		AwsCredentialsProvider none = () -> {
			throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
		};

		assertThatExceptionOfType(PeerCallException.class)
			.isThrownBy(() -> client(new LatticeRequestSigner(none, "us-east-1")).get()
				.uri("/api/customers/C-1001")
				.retrieve()
				.toBodilessEntity())
			.satisfies((ex) -> {
				assertThat(ex.failure()).isEqualTo(PeerCallException.Failure.UNREACHABLE);
				assertThat(ex.getMessage()).contains("cannot sign the request", "Unable to load credentials");
			});
		assertThat(this.server.waiting()).isZero();
	}

	private void assertVerifies(RawHttpServer.Received request, String region) throws Exception {
		String authorization = request.header("Authorization");
		assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + KEYS.accessKeyId() + "/");
		assertThat(IndependentSigV4.field(authorization, "Credential"))
			.endsWith("/" + region + "/vpc-lattice-svcs/aws4_request");
		assertThat(request.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
		assertThat(IndependentSigV4.field(authorization, "SignedHeaders").split(";")).contains("host",
				"x-amz-content-sha256", "x-amz-date");
		assertThat(IndependentSigV4.signature(request, KEYS.secretAccessKey()))
			.as("signature recomputed from the raw request with a JDK-only SigV4")
			.isEqualTo(IndependentSigV4.field(authorization, "Signature"));
		assertThat(SdkSigV4Verifier.expectedAuthorization(request, KEYS, region))
			.as("signature recomputed from the raw request with the SDK signer")
			.isEqualTo(authorization);
	}

	private static List<String[]> replaced(List<String[]> headers, String name, String value) {
		return headers.stream()
			.map((header) -> header[0].equalsIgnoreCase(name) ? new String[] { header[0], value } : header)
			.toList();
	}

	private RestClient client(LatticeRequestSigner signer) {
		LatticeProperties properties = new LatticeProperties("us-east-1", true, java.time.Duration.ofSeconds(1),
				java.time.Duration.ofSeconds(2), 100,
				Map.of("peer", new LatticeProperties.Peer(java.net.URI.create(this.server.baseUrl()), null, null)));
		return new LatticePeerClients(properties, signer).configure("peer", RestClient.builder()).build();
	}

}
