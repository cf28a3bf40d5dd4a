package io.latticeshop.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Signs test requests as a workload would, with knobs to get each part of the signature
 * wrong on purpose: region, service, clock. Uses the SDK signer directly, not the shop's
 * own {@code lattice-spring-boot-starter}, so that the suite does not vouch for itself.
 */
record Signer(String accessKeyId, String secret, String region, String service, Duration clockOffset) {

	static Signer as(Workload workload) {
		return new Signer(workload.accessKeyId(), workload.secret(), Shop.REGION, "vpc-lattice-svcs", Duration.ZERO);
	}

	Signer inRegion(String otherRegion) {
		return new Signer(this.accessKeyId, this.secret, otherRegion, this.service, this.clockOffset);
	}

	Signer forService(String otherService) {
		return new Signer(this.accessKeyId, this.secret, this.region, otherService, this.clockOffset);
	}

	Signer withSecret(String otherSecret) {
		return new Signer(this.accessKeyId, otherSecret, this.region, this.service, this.clockOffset);
	}

	Signer at(Duration offset) {
		return new Signer(this.accessKeyId, this.secret, this.region, this.service, offset);
	}

	/**
	 * The headers to add for a request without its body (Lattice takes UNSIGNED-PAYLOAD).
	 */
	Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
		SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
		headers.forEach(request::putHeader);
		Clock clock = Clock.offset(Clock.system(ZoneOffset.UTC), this.clockOffset);
		SdkHttpRequest signed = AwsV4HttpSigner.create()
			.sign((sign) -> sign.request(request.build())
				.identity(AwsBasicCredentials.create(this.accessKeyId, this.secret))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, this.service)
				.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
				.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock))
			.request();
		return Map.of("Authorization", signed.firstMatchingHeader("Authorization").orElseThrow(), "X-Amz-Date",
				signed.firstMatchingHeader("X-Amz-Date").orElseThrow(), "x-amz-content-sha256",
				signed.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
	}

	HttpRequest.Builder request(String method, String url, String body) {
		URI uri = URI.create(url);
		Map<String, String> headers = (body != null) ? Map.of("Content-Type", "application/json") : Map.of();
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		sign(method, uri, headers).forEach(builder::header);
		return builder;
	}

}
