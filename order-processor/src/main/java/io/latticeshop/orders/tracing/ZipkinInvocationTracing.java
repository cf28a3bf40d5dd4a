package io.latticeshop.orders.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * A span per invocation on the OpenTelemetry SDK, a child of the caller's span, sent to a
 * Zipkin-protocol server in batches by a thread of the SDK's, never by the invocation: an
 * invocation answers without waiting for the trace server, and one request carries the
 * spans of many invocations. Used only when {@code TRACING_ZIPKIN_ENDPOINT} names a
 * server; none of these classes load otherwise.
 * <p>
 * Where Lambda freezes an environment between invocations, a batch not yet sent waits for
 * the next invocation's thaw; the spans of an environment's last invocations are lost
 * when Lambda shuts it down without a signal. Lambda's active tracing, which the deployed
 * stack uses, has neither limit.
 */
public final class ZipkinInvocationTracing implements InvocationTracing {

	private static final TextMapGetter<Map<String, List<String>>> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, List<String>> carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Map<String, List<String>> carrier, String key) {
			List<String> values = (carrier != null) ? carrier.get(key) : null;
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	};

	// How long a span waits for others to share its request, at most.
	private static final Duration BATCH_DELAY = Duration.ofMillis(200);

	// Spans held while the server is slow or away; beyond it new spans are dropped rather
	// than slow the invocations down.
	private static final int QUEUE = 4096;

	private final SdkTracerProvider provider;

	private final Tracer tracer;

	private ZipkinInvocationTracing(SdkTracerProvider provider) {
		this.provider = provider;
		this.tracer = provider.get("io.latticeshop.orders");
	}

	/**
	 * @param endpoint the server's span endpoint, e.g.
	 * {@code http://127.0.0.1:9411/api/v2/spans}
	 * @param probability the share of traces started here that are kept; a caller's
	 * decision is followed
	 */
	public static ZipkinInvocationTracing create(String endpoint, double probability) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault()
				.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "order-processor"))))
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(probability)))
			.addSpanProcessor(BatchSpanProcessor
				.builder(ZipkinSpanExporter.builder()
					.setSender(URLConnectionSender.newBuilder()
						.endpoint(endpoint)
						.connectTimeout(2_000)
						.readTimeout(5_000)
						// A Zipkin server on the same machine: gzip costs CPU on both
						// sides and saves no bandwidth that matters.
						.compressionEnabled(false)
						.build())
					.build())
				.setScheduleDelay(BATCH_DELAY)
				.setMaxQueueSize(QUEUE)
				.setExporterTimeout(Duration.ofSeconds(10))
				.build())
			.build();
		Runtime.getRuntime().addShutdownHook(new Thread(provider::close, "tracing-shutdown"));
		return new ZipkinInvocationTracing(provider);
	}

	/**
	 * Sends the spans still waiting in a batch and returns when they are sent or the
	 * timeout has passed.
	 * @return whether every waiting span was sent
	 */
	public boolean flush(Duration timeout) {
		return this.provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
	}

	@Override
	public Invocation start(String method, String path, Map<String, List<String>> headers) {
		Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
		Span span = this.tracer.spanBuilder(method + " " + path)
			.setParent(parent)
			.setSpanKind(SpanKind.SERVER)
			.setAttribute("http.request.method", method)
			.setAttribute("url.path", path)
			.startSpan();
		String traceId = span.getSpanContext().getTraceId();
		return new Invocation() {

			@Override
			public String traceId() {
				return traceId;
			}

			@Override
			public void end(int status) {
				span.setAttribute("http.response.status_code", status);
				if (status >= 500) {
					span.setStatus(StatusCode.ERROR);
				}
				span.end();
			}

		};
	}

}
