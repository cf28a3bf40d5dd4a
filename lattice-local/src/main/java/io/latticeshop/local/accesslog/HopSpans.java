package io.latticeshop.local.accesslog;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	/** Only sampled traces (flags 01) get a span, as a tracer would decide. */
	private static final Pattern TRACEPARENT = Pattern
		.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	private static final Endpoint LATTICE = Endpoint.newBuilder().serviceName("vpc-lattice").build();

	private final URLConnectionSender sender;

	private final AsyncReporter<Span> reporter;

	public HopSpans(URI endpoint) {
		this.sender = URLConnectionSender.newBuilder()
			.endpoint(endpoint.toString())
			.connectTimeout(2_000)
			.readTimeout(5_000)
			.build();
		this.reporter = AsyncReporter.builder(this.sender).messageTimeout(200, TimeUnit.MILLISECONDS).build();
	}

	/**
	 * Reports the hop of one request, if its caller sent a sampled {@code traceparent}.
	 * @param traceparent the caller's header, or null
	 * @param log the request's access-log entry: Lattice's field names
	 * @param startMicros when the request arrived, epoch microseconds
	 * @param durationMicros how long lattice-local held it
	 */
	public void report(String traceparent, Map<String, Object> log, String serviceName, String decision, String reason,
			long startMicros, long durationMicros) {
		Matcher matcher = (traceparent != null) ? TRACEPARENT.matcher(traceparent) : null;
		if (matcher == null || !matcher.matches() || (Integer.parseInt(matcher.group(3), 16) & 1) == 0) {
			return;
		}
		Span.Builder span = Span.newBuilder()
			.traceId(matcher.group(1))
			.parentId(matcher.group(2))
			.id(ThreadLocalRandom.current().nextLong() | 1L)
			.kind(Span.Kind.SERVER)
			.name(log.get("requestMethod") + " " + serviceName)
			.localEndpoint(LATTICE)
			.timestamp(startMicros)
			.duration(Math.max(1, durationMicros))
			.putTag("lattice.service", serviceName)
			.putTag("lattice.decision", decision)
			.putTag("http.method", String.valueOf(log.get("requestMethod")))
			.putTag("http.path", String.valueOf(log.get("requestPath")))
			.putTag("http.status_code", String.valueOf(log.get("responseCode")));
		for (String field : new String[] { "serviceArn", "serviceNetworkArn", "targetGroupArn", "callerPrincipal",
				"sourceVpcArn", "authDeniedReason", "failureReason", "requestId" }) {
			Object value = log.get(field);
			if (value != null && !"-".equals(value)) {
				span.putTag("lattice." + field, String.valueOf(value));
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
