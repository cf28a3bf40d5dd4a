package io.latticeshop.local.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifying one signed request in lattice-local: the whole of
 * {@link SigV4Verifier#verify} (the Authorization header read, scope, date and payload
 * checked, the signature recomputed by {@link CanonicalRequest} with its kept signing
 * key), beside the recomputation alone by the SDK's {@code AwsV4HttpSigner} (the
 * baseline, what the verifier would do instead). The request is the one the shop's web
 * server sends the ERP service, as the starter signs it. In lattice-local's package, to
 * reach the SDK path, which is not public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class VerifyingBenchmark {

	private static final String KEY = "AKIDEXAMPLE";

	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	private static final Instant SIGNED_AT = Instant.parse("2026-03-01T12:00:00Z");

	private SigV4Verifier verifier;

	private ReceivedRequest request;

	private List<String> signedHeaders;

	@Setup
	public void setUp() {
		this.verifier = new SigV4Verifier("us-east-1", (key) -> KEY.equals(key) ? SECRET : null,
				Clock.fixed(SIGNED_AT.plusSeconds(1), ZoneOffset.UTC));
		SdkHttpRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsCredentialsIdentity.create(KEY, SECRET))
				.request(SdkHttpRequest.builder()
					.method(SdkHttpMethod.GET)
					.protocol("https")
					.host("erp-service-0a1b2c3d4e5f60718.7d67968.vpc-lattice-svcs.us-east-1.on.aws")
					.encodedPath("/api/customers/C-1001")
					.putHeader("accept", "application/json")
					.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
					.build())
				.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SigV4Verifier.SERVICE)
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
				.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC)))
			.request();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("host", List.of(signed.host()));
		signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		headers.put("user-agent", List.of("Apache-HttpClient/5.5"));
		this.request = new ReceivedRequest("GET", "/api/customers/C-1001", null, headers);
		this.signedHeaders = SigV4Verifier.Authorization.parse(this.request.header("authorization")).signedHeaders();
		if (!(verify() instanceof Verification.Verified)) {
			throw new IllegalStateException("the benchmark's request does not verify: " + verify());
		}
		if (!sdkSignerRecomputes()
			.equals(SigV4Verifier.Authorization.parse(this.request.header("authorization")).signature())) {
			throw new IllegalStateException("the SDK signer does not recompute the benchmark's signature");
		}
	}

	@Benchmark
	public Verification verify() {
		return this.verifier.verify(this.request);
	}

	@Benchmark
	public String sdkSignerRecomputes() {
		return SigV4Verifier.signature(this.request, this.signedHeaders, KEY, SECRET, "us-east-1",
				SigV4Verifier.SERVICE, SIGNED_AT, true);
	}

}
