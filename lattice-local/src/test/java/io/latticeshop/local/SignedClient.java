package io.latticeshop.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends requests the way a workload behind Lattice does: SDK signer, service
 * {@code vpc-lattice-svcs}, body left out of the signature and declared
 * {@code UNSIGNED-PAYLOAD}. Unsigned when built without credentials.
 */
public final class SignedClient {

	// The JDK client sets these itself and refuses them as user headers.
	private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");

	private final HttpClient http;

	private final String region;

	private final AwsCredentialsIdentity credentials;

	public SignedClient(HttpClient http, String region, String accessKeyId, String secretAccessKey) {
		this.http = http;
		this.region = region;
		this.credentials = (accessKeyId == null) ? null : AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
	}

	public static HttpClient http() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public HttpClient httpClient() {
		return this.http;
	}

	public HttpRequest request(String method, URI uri, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
		SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(method))
			.uri(uri)
			.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
		if (contentType != null) {
			unsigned.putHeader("content-type", contentType);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			unsigned.appendHeader(headers[i], headers[i + 1]);
		}
		SdkHttpRequest signed = unsigned.build();
		if (this.credentials != null) {
			signed = AwsV4HttpSigner.create()
				.sign((sign) -> sign.identity(this.credentials)
					.request(unsigned.build())
					.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "vpc-lattice-svcs")
					.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
					.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false))
				.request();
		}
		signed.forEachHeader((name, values) -> {
			if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> builder.header(name, value));
			}
		});
		return builder.build();
	}

	public HttpResponse<String> send(String method, URI uri, String contentType, String body, String... headers)
			throws IOException, InterruptedException {
		return this.http.send(
				request(method, uri, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers),
				HttpResponse.BodyHandlers.ofString());
	}

}
