package io.latticeshop.lattice.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Signs requests for VPC Lattice (service {@code vpc-lattice-svcs}) with the AWS SDK's
 * SigV4 signer.
 * <p>
 * Lattice does not support payload signing, so every request must carry a signed
 * {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}. The SDK computes the payload hash
 * whenever it is handed a body over plain HTTP, so the body is never passed to the
 * signer: the signature covers method, path, query and headers, and the body is sent
 * afterwards unchanged.
 */
public final class LatticeRequestSigner {

	static final String SERVICE = "vpc-lattice-svcs";

	// Headers that clients or proxies may add, drop or rewrite after signing; signing
	// them would make a correct request fail verification. The trace context is among
	// them: Lattice does not need it signed, and a tracer may set it after the signer
	// ran.
	// Case-insensitive lookups, so that no lower-cased copy of a name is made per
	// request.
	private static final Set<String> UNSIGNED_HEADERS = caseInsensitive("host", "content-length", "connection",
			"keep-alive", "transfer-encoding", "expect", "te", "upgrade", "user-agent", "authorization", "x-amz-date",
			"x-amz-security-token", "x-amz-content-sha256", "x-amzn-trace-id", "traceparent", "tracestate", "baggage");

	// The headers the signer adds, copied back onto the outgoing request (not its Host:
	// the HTTP client writes that one from the URI).
	private static final Set<String> SIGNATURE_HEADERS = caseInsensitive("Authorization", "X-Amz-Date",
			"x-amz-content-sha256", "X-Amz-Security-Token");

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	// By exact name: SdkHttpMethod.fromValue streams over every constant on each call,
	// and the SDK builds its requests only for these methods.
	private static final Map<String, SdkHttpMethod> SIGNABLE_METHODS = new LinkedHashMap<>();

	static {
		for (SdkHttpMethod method : SdkHttpMethod.values()) {
			SIGNABLE_METHODS.put(method.name(), method);
		}
	}

	private final AwsCredentialsProvider credentials;

	private final String region;

	private final Clock clock;

	public LatticeRequestSigner(AwsCredentialsProvider credentials, String region) {
		this(credentials, region, Clock.systemUTC());
	}

	public LatticeRequestSigner(AwsCredentialsProvider credentials, String region, Clock clock) {
		this.credentials = credentials;
		this.region = region;
		this.clock = clock;
	}

	/**
	 * Signs a request in place: adds {@code Authorization}, {@code X-Amz-Date},
	 * {@code x-amz-content-sha256} and, for temporary credentials,
	 * {@code X-Amz-Security-Token} to {@code headers}.
	 * @param method the request method
	 * @param uri the full request URI (scheme, host, port, path and query)
	 * @param headers the headers the request will be sent with
	 * @throws IllegalArgumentException for a method the SDK's signer does not know, such
	 * as WebDAV's
	 */
	public void sign(HttpMethod method, URI uri, HttpHeaders headers) {
		SdkHttpMethod sdkMethod = SIGNABLE_METHODS.get(method.name());
		if (sdkMethod == null) {
			throw new IllegalArgumentException(
					"Cannot sign a " + method.name() + " request for Lattice: the AWS SDK signs "
							+ String.join(", ", SIGNABLE_METHODS.keySet()) + " requests only");
		}
		// Not builder.uri(uri): the SDK decodes its query as a form, so a '+' would be
		// signed as a space and a value cut at its first '='.
		SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
			.method(sdkMethod)
			.protocol(uri.getScheme())
			.host(uri.getHost())
			.port((uri.getPort() >= 0) ? uri.getPort() : null)
			.encodedPath(uri.getRawPath());
		if (uri.getRawQuery() != null) {
			unsigned.rawQueryParameters(queryParameters(uri.getRawQuery()));
		}
		headers.forEach((name, values) -> {
			if (!UNSIGNED_HEADERS.contains(name)) {
				unsigned.putHeader(name, values);
			}
		});
		SdkHttpRequest request = unsigned.build();
		AwsCredentialsIdentity identity = this.credentials.resolveCredentials();
		SdkHttpRequest signed = SIGNER
			.sign((sign) -> sign.request(request)
				.identity(identity)
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
				.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
				.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, this.clock))
			.request();
		// One pass over the signed headers rather than a lookup per signature header.
		signed.forEachHeader((name, values) -> {
			if (SIGNATURE_HEADERS.contains(name) && !values.isEmpty()) {
				headers.set(name, values.get(0));
			}
		});
	}

	/**
	 * The query's parameters as SigV4 canonicalizes them: each pair split at its first
	 * '=', percent escapes decoded, a '+' kept as a plus. The signer encodes them again.
	 */
	static Map<String, List<String>> queryParameters(String rawQuery) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static Set<String> caseInsensitive(String... names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		set.addAll(List.of(names));
		return set;
	}

}
