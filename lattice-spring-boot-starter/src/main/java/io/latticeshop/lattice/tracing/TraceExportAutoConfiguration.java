package io.latticeshop.lattice.tracing;

import java.time.Duration;
import java.util.Set;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The exporters of a workload's spans: one to a Zipkin server and one over OTLP/HTTP,
 * each on only when {@link TraceExportProperties} names its endpoint; Micrometer
 * Tracing's batch span processor (Boot's) sends every sampled span to both, except those
 * of health checks.
 * <p>
 * Boot has exporters of its own for both protocols, but it decides whether to build them
 * with conditions, and Spring AOT decides conditions once, at build time. The services
 * start from their AOT-generated bean definitions (in AWS and under lattice-local), so an
 * exporter that was not configured at build time would never exist, and one that was
 * would send to its default address everywhere. Here the beans always exist and what they
 * send to is read at start-up, so one build runs with Zipkin locally and with OTLP in
 * AWS. Boot's own stay off: its Zipkin exporter needs its Zipkin module, which this one
 * does not bring, and its OTLP exporter needs
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}, which the shop does not
 * set.
 */
@AutoConfiguration
@ConditionalOnClass({ SpanExporter.class, OtlpHttpSpanExporter.class, ZipkinSpanExporter.class })
@EnableConfigurationProperties(TraceExportProperties.class)
public final class TraceExportAutoConfiguration {

	// Exports run on the batch processor's thread, never on a request's; these bound how
	// long one batch can hold it when the receiver is slow or gone.
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

	// Boot's health probes on the service's own port (add-additional-paths): Lattice's
	// health check calls /readyz.
	static final Set<String> HEALTH_PATHS = Set.of("/readyz", "/livez");

	@Bean(destroyMethod = "close")
	SpanExporter latticeZipkinSpanExporter(TraceExportProperties properties) {
		if (properties.zipkinEndpoint() == null) {
			return SpanExporter.composite();
		}
		return ZipkinSpanExporter.builder()
			.setSender(URLConnectionSender.newBuilder()
				.endpoint(properties.zipkinEndpoint())
				.connectTimeout((int) CONNECT_TIMEOUT.toMillis())
				.readTimeout((int) EXPORT_TIMEOUT.toMillis())
				// Zipkin runs beside the shop (local/shop.yaml): gzip would cost
				// CPU at both ends and save no bandwidth that matters.
				.compressionEnabled(false)
				.build())
			.build();
	}

	/**
	 * Lattice's health checks call {@code /readyz} of every target every few seconds,
	 * from each of its health checkers, and a container's probes call {@code /livez}:
	 * their spans would bury the shop's traces in Zipkin's and X-Ray's lists. Those
	 * requests are still timed in the metrics and their ids are in the logs; only their
	 * spans are not sent.
	 */
	@Bean
	SpanExportingPredicate latticeNoHealthCheckSpans() {
		return (span) -> span.getKind() != Span.Kind.SERVER || !HEALTH_PATHS.contains(span.getTags().get("uri"));
	}

	@Bean(destroyMethod = "close")
	SpanExporter latticeOtlpSpanExporter(TraceExportProperties properties) {
		if (properties.otlpEndpoint() == null) {
			return SpanExporter.composite();
		}
		return OtlpHttpSpanExporter.builder()
			.setEndpoint(properties.otlpEndpoint())
			.setConnectTimeout(CONNECT_TIMEOUT)
			.setTimeout(EXPORT_TIMEOUT)
			.build();
	}

}
