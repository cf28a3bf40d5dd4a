package io.latticeshop.orders.tracing;

import java.util.List;
import java.util.Map;

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
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * A span per invocation on the OpenTelemetry SDK, a child of the caller's span, sent to a
 * Zipkin-protocol server before the invocation returns: Lambda may freeze the environment
 * as soon as it has, so nothing is batched for later. Used only when
 * {@code TRACING_ZIPKIN_ENDPOINT} names a server; none of these classes load otherwise.
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

	private final Tracer tracer;

	private ZipkinInvocationTracing(Tracer tracer) {
		this.tracer = tracer;
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
			.addSpanProcessor(SimpleSpanProcessor.create(ZipkinSpanExporter.builder()
				.setSender(URLConnectionSender.newBuilder()
					.endpoint(endpoint)
					.connectTimeout(2_000)
					.readTimeout(5_000)
					.build())
				.build()))
			.build();
		Runtime.getRuntime().addShutdownHook(new Thread(provider::close, "tracing-shutdown"));
		return new ZipkinInvocationTracing(provider.get("io.latticeshop.orders"));
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
