package io.latticeshop.lattice.tracing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a service's kept spans go: to the OTLP endpoint or the Zipkin server that its
 * configuration names, and without either, nowhere. A loopback server stands in for the
 * receiver (the CloudWatch agent in AWS, Zipkin locally) and records what is posted.
 */
class TraceExportAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, TraceExportAutoConfiguration.class))
		.withPropertyValues("spring.application.name=web-server", "management.tracing.sampling.probability=1.0");

	private HttpServer receiver;

	private final BlockingQueue<Posted> posted = new LinkedBlockingQueue<>();

	record Posted(String method, String path, String contentType, String contentEncoding, byte[] body) {
	}

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			if ("gzip".equals(encoding)) {
				body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
			}
			this.posted.add(new Posted(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Content-Type"), encoding, body));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void anOtlpEndpointReceivesEachKeptSpanAsProtobuf() throws Exception {
		this.contexts.withPropertyValues("lattice.tracing.otlp-endpoint=" + url("/v1/traces")).run((context) -> {
			String traceId = endOneSpan(context);

			Posted post = this.posted.poll(10, TimeUnit.SECONDS);
			assertThat(post).isNotNull();
			assertThat(post.method()).isEqualTo("POST");
			assertThat(post.path()).isEqualTo("/v1/traces");
			assertThat(post.contentType()).isEqualTo("application/x-protobuf");
			// OTLP carries the 16 bytes of the W3C trace id, which X-Ray takes as they
			// are.
			assertThat(indexOf(post.body(), HexFormat.of().parseHex(traceId))).isNotNegative();
			assertThat(new String(post.body(), StandardCharsets.ISO_8859_1)).contains("GET /orders", "web-server");
			assertThat(context.getBeansOfType(ZipkinSpanExporter.class)).isEmpty();
		});
	}

	@Test
	void aZipkinServerReceivesEachKeptSpanAsJson() throws Exception {
		this.contexts.withPropertyValues("lattice.tracing.zipkin-endpoint=" + url("/api/v2/spans")).run((context) -> {
			String traceId = endOneSpan(context);

			Posted post = this.posted.poll(10, TimeUnit.SECONDS);
			assertThat(post).isNotNull();
			assertThat(post.path()).isEqualTo("/api/v2/spans");
			assertThat(new String(post.body(), StandardCharsets.UTF_8)).contains("\"traceId\":\"" + traceId + "\"");
			// The server is beside the workload: no CPU spent on gzip at either end.
			assertThat(post.contentEncoding()).isNull();
			assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
		});
	}

	@Test
	void healthCheckSpansAreNotSent() throws Exception {
		this.contexts.withPropertyValues("lattice.tracing.zipkin-endpoint=" + url("/api/v2/spans")).run((context) -> {
			SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
			for (String uri : List.of("/readyz", "/livez", "/api/orders")) {
				provider.get("test")
					.spanBuilder("http get " + uri)
					.setSpanKind(SpanKind.SERVER)
					.setAttribute("uri", uri)
					.startSpan()
					.end();
			}
			// A call the service makes to a peer's /readyz is not a health check of its
			// own.
			provider.get("test")
				.spanBuilder("http get")
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute("uri", "/readyz")
				.startSpan()
				.end();
			assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

			Posted post = this.posted.poll(10, TimeUnit.SECONDS);
			assertThat(post).isNotNull();
			String body = new String(post.body(), StandardCharsets.UTF_8);
			assertThat(body).contains("\"name\":\"http get /api/orders\"", "\"kind\":\"CLIENT\"")
				.doesNotContain("http get /readyz", "http get /livez");
		});
	}

	@Test
	void bothEndpointsReceiveTheSameSpans() throws Exception {
		this.contexts
			.withPropertyValues("lattice.tracing.otlp-endpoint=" + url("/v1/traces"),
					"lattice.tracing.zipkin-endpoint=" + url("/api/v2/spans"))
			.run((context) -> {
				endOneSpan(context);

				Posted first = this.posted.poll(10, TimeUnit.SECONDS);
				Posted second = this.posted.poll(10, TimeUnit.SECONDS);
				assertThat(first).isNotNull();
				assertThat(second).isNotNull();
				assertThat(List.of(first.path(), second.path())).containsExactlyInAnyOrder("/v1/traces",
						"/api/v2/spans");
			});
	}

	@Test
	void withoutAnEndpointNoExporterIsBuiltAndNothingIsSent() throws Exception {
		// Blank, as ${TRACING_OTLP_ENDPOINT:} reads when the variable is not set.
		this.contexts.withPropertyValues("lattice.tracing.otlp-endpoint=", "lattice.tracing.zipkin-endpoint= ")
			.run((context) -> {
				endOneSpan(context);

				assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
				assertThat(context.getBeansOfType(ZipkinSpanExporter.class)).isEmpty();
				// The default addresses of both protocols (4318, 9411) are not used
				// either.
				assertThat(context.getBean(TraceExportProperties.class))
					.isEqualTo(new TraceExportProperties(null, null));
			});
		assertThat(this.posted.poll(1, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void aMalformedEndpointStopsTheStart() {
		this.contexts.withPropertyValues("lattice.tracing.otlp-endpoint=127.0.0.1:4318/v1/traces")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("lattice.tracing.otlp-endpoint must be an http or https URL"));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + path;
	}

	/** Ends a span and has the batch processor export it now. */
	private static String endOneSpan(AssertableApplicationContext context) {
		SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
		Span span = provider.get("test").spanBuilder("GET /orders").startSpan();
		String traceId = span.getSpanContext().getTraceId();
		span.end();
		assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		return traceId;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
