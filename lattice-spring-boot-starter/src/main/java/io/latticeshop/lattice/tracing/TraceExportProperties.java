package io.latticeshop.lattice.tracing;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a workload's spans go. Each endpoint is optional and blank means none, so that
 * {@code ${TRACING_OTLP_ENDPOINT:}} in a service's configuration turns an exporter off
 * unless the variable is set.
 *
 * @param zipkinEndpoint a Zipkin server's span endpoint, such as
 * {@code http://127.0.0.1:9411/api/v2/spans} (local runs)
 * @param otlpEndpoint an OTLP/HTTP traces endpoint, such as
 * {@code http://127.0.0.1:4318/v1/traces} (the CloudWatch agent next to the workload in
 * AWS, which forwards to X-Ray)
 */
@ConfigurationProperties("lattice.tracing")
public record TraceExportProperties(String zipkinEndpoint, String otlpEndpoint) {

	public TraceExportProperties {
		zipkinEndpoint = checked("lattice.tracing.zipkin-endpoint", zipkinEndpoint);
		otlpEndpoint = checked("lattice.tracing.otlp-endpoint", otlpEndpoint);
	}

	// A typo in an endpoint fails the start, not every export afterwards.
	private static String checked(String name, String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			return null;
		}
		try {
			URI uri = new URI(endpoint.strip());
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new IllegalArgumentException(name + " must be an http or https URL, was " + endpoint);
			}
			return uri.toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(name + " must be an http or https URL, was " + endpoint, ex);
		}
	}

}
