package io.latticeshop.local.accesslog;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.accesslog.AccessLogEntry.Field;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * A span for each traced request's Lattice hop, sent to a Zipkin-protocol server: the
 * caller's span is its parent, and it names the service, the service network, the target
 * group, the caller, the decision and, for a denial, the level that refused. Lattice adds
 * no span to a trace in AWS, so this is off unless the binding asks for it
 * ({@code tracing.zipkin}); the target's own spans stay children of the caller's, as in
 * AWS, since the {@code traceparent} passes through unchanged.
 *
 * <p>
 * Spans are queued and sent in batches from a thread of the reporter's own, off the
 * requests' path; a trace server that is down costs dropped spans, never a request.
 */
public final class HopSpans implements AutoCloseable {

	private static final Endpoint LATTICE = Endpoint.newBuilder().serviceName("vpc-lattice").build();

	/** The access log's fields a span carries as {@code lattice.<field>} tags. */
	private static final List<Field> TAGGED = List.of(Field.SERVICE_ARN, Field.SERVICE_NETWORK_ARN,
			Field.TARGET_GROUP_ARN, Field.CALLER_PRINCIPAL, Field.SOURCE_VPC_ARN, Field.AUTH_DENIED_REASON,
			Field.FAILURE_REASON, Field.REQUEST_ID);

	private final URLConnectionSender sender;

	private final AsyncReporter<Span> reporter;

	public HopSpans(URI endpoint) {
		this.sender = URLConnectionSender.newBuilder()
			.endpoint(endpoint.toString())
			.connectTimeout(2_000)
			.readTimeout(5_000)
			// A Zipkin server on the same machine: gzip costs CPU on both sides and
			// saves no bandwidth that matters.
			.compressionEnabled(false)
			.build();
		this.reporter = AsyncReporter.builder(this.sender).messageTimeout(200, TimeUnit.MILLISECONDS).build();
	}

	/**
	 * Reports the hop of one request, if its caller sampled the trace (flag 01), as a
	 * tracer would decide.
	 * @param trace the caller's trace context
	 * @param log the request's access-log entry: Lattice's field names
	 * @param startMicros when the request arrived, epoch microseconds
	 * @param durationMicros how long lattice-local held it
	 */
	public void report(Traceparent trace, AccessLogEntry log, String serviceName, String decision, String reason,
			long startMicros, long durationMicros) {
		if (!trace.sampled()) {
			return;
		}
		Span.Builder span = Span.newBuilder()
			.traceId(trace.traceId())
			.parentId(trace.parentId())
			.id(ThreadLocalRandom.current().nextLong() | 1L)
			.kind(Span.Kind.SERVER)
			.name(log.get(Field.REQUEST_METHOD) + " " + serviceName)
			.localEndpoint(LATTICE)
			.timestamp(startMicros)
			.duration(Math.max(1, durationMicros))
			.putTag("lattice.service", serviceName)
			.putTag("lattice.decision", decision)
			.putTag("http.method", log.get(Field.REQUEST_METHOD))
			.putTag("http.path", log.get(Field.REQUEST_PATH))
			.putTag("http.status_code", log.get(Field.RESPONSE_CODE));
		for (Field field : TAGGED) {
			if (log.reached(field)) {
				span.putTag("lattice." + field.jsonName(), log.get(field));
			}
		}
		if (reason != null && !"-".equals(reason) && !"ALLOW".equals(decision)) {
			span.putTag("error", reason);
		}
		this.reporter.report(span.build());
	}

	@Override
	public void close() {
		this.reporter.flush();
		this.reporter.close();
		this.sender.close();
	}

}
