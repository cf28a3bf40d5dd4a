package io.latticeshop.bench.hop;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Signs a GET as a Lattice caller does: service vpc-lattice-svcs, UNSIGNED-PAYLOAD. */
final class HopSigner {

	static final String KEY = "AKIABENCHCALLER00001";

	static final String SECRET = "bench-secret";

	private final AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create(KEY, SECRET);

	private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

	/**
	 * The headers to send besides Host; the signature covers Host as {@code uri} has it.
	 */
	Map<String, String> sign(String method, URI uri) {
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(method))
			.uri(uri)
			.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
			.build();
		SdkHttpRequest signed = this.signer
			.sign((sign) -> sign.identity(this.credentials)
				.request(request)
				.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "vpc-lattice-svcs")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
				.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false))
			.request();
		Map<String, String> headers = new LinkedHashMap<>();
		signed.forEachHeader((name, values) -> {
			if (!name.equalsIgnoreCase("host")) {
				headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
			}
		});
		return headers;
	}

}
