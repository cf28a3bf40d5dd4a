package io.latticeshop.bench;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.latticeshop.lattice.client.LatticeRequestSigner;
import io.latticeshop.lattice.client.LatticeSigningInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signing one request for Lattice: through our {@code RestClient} interceptor, and with
 * the SDK's {@code AwsV4HttpSigner} called directly on the same request (the baseline).
 * Both sign the same method, URI and headers with the same credentials and clock.
 * <p>
 * {@code profile} says what the JVM ran before it was measured. {@code shared}: every
 * path below, so that each benchmark runs against the same JIT type profiles, as code in
 * an application does. {@code separate}: only the benchmark's own path. A fork that has
 * never run anything but the SDK signer compiles it against type profiles no application
 * has: once Spring's {@code HttpHeaders} have been used in the same JVM, the SDK signer
 * alone runs about 0.6 µs slower, which the {@code separate} rows then charge to our
 * layer (see bench/README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SigningBenchmark {

	private static final URI URL = URI
		.create("https://erp-service-0a1b2c3d4e5f60718.7d67968.vpc-lattice-svcs.us-east-1.on.aws/api/customers/C-1001");

	private final AwsCredentialsProvider credentials = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	private final AwsV4HttpSigner sdkSigner = AwsV4HttpSigner.create();

	private final Clock clock = Clock.systemUTC();

	private LatticeSigningInterceptor interceptor;

	private SdkHttpRequest sdkRequest;

	@Param({ "shared", "separate" })
	private String profile;

	private final ClientHttpRequestExecution sent = new ClientHttpRequestExecution() {
		@Override
		public ClientHttpResponse execute(HttpRequest request, byte[] body) {
			return null;
		}
	};

	@Setup
	public void setUp() throws Exception {
		this.interceptor = new LatticeSigningInterceptor(
				new LatticeRequestSigner(this.credentials, "us-east-1", this.clock));
		this.sdkRequest = sdkRequest();
		if ("shared".equals(this.profile)) {
			// Enough calls of each path for the JIT to profile and compile all of them.
			for (int i = 0; i < 50_000; i++) {
				sdkSignerDirect();
				sdkSignerBuildingTheRequest();
				latticeInterceptor();
			}
		}
	}

	private static SdkHttpRequest sdkRequest() {
		return SdkHttpRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(URL)
			.putHeader("Accept", "application/json")
			.build();
	}

	@Benchmark
	public SignedRequest sdkSignerDirect() {
		return signWithSdk(this.sdkRequest);
	}

	/**
	 * The SDK signer given what our interceptor is given, a method, a URI and headers, so
	 * that it too must build its request first: the like-for-like baseline.
	 */
	@Benchmark
	public SignedRequest sdkSignerBuildingTheRequest() {
		return signWithSdk(sdkRequest());
	}

	private SignedRequest signWithSdk(SdkHttpRequest request) {
		return this.sdkSigner.sign((sign) -> sign.request(request)
			.identity(this.credentials.resolveCredentials())
			.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "vpc-lattice-svcs")
			.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
			.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
			.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, this.clock));
	}

	@Benchmark
	public HttpHeaders latticeInterceptor() throws Exception {
		// A fresh request each time, as a RestClient would hand the interceptor.
		HttpHeaders headers = new HttpHeaders();
		headers.set("Accept", "application/json");
		Request request = new Request(headers);
		this.interceptor.intercept(request, EMPTY, this.sent);
		return headers;
	}

	private static final byte[] EMPTY = new byte[0];

	private record Request(HttpHeaders headers) implements HttpRequest {

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.GET;
		}

		@Override
		public URI getURI() {
			return URL;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return Map.of();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
