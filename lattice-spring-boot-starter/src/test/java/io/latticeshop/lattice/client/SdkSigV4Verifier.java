package io.latticeshop.lattice.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Verifies a received request the way a Lattice data plane would: rebuild it from what
 * arrived on the wire, keep only the headers the client said it signed, and sign it again
 * with the SDK signer at the request's own timestamp.
 */
final class SdkSigV4Verifier {

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private SdkSigV4Verifier() {
	}

	static String expectedAuthorization(RawHttpServer.Received request, AwsCredentials credentials, String region) {
		String authorization = request.header("Authorization");
		Instant signedAt = AMZ_DATE.parse(request.header("X-Amz-Date"), Instant::from);
		SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder()
			.method(SdkHttpMethod.fromValue(request.method()))
			.uri(URI.create("http://" + request.header("Host") + request.target()));
		for (String name : IndependentSigV4.field(authorization, "SignedHeaders").split(";")) {
			if (!name.equals("host") && !name.equals("x-amz-date") && !name.equals("x-amz-content-sha256")) {
				rebuilt.putHeader(name, request.header(name));
			}
		}
		return AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(rebuilt.build())
				.identity(credentials)
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "vpc-lattice-svcs")
				.putProperty(AwsV4HttpSigner.REGION_NAME, region)
				.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
			.request()
			.firstMatchingHeader("Authorization")
			.orElseThrow();
	}

}
