package io.latticeshop.orders.tracing;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the function does with the trace an invocation belongs to. Lattice passes the
 * caller's W3C {@code traceparent} through in the event's headers (V1 and V2 alike); each
 * invocation continues that trace.
 */
public interface InvocationTracing {

	/**
	 * Reads the trace ids and reports nothing: the default, and all a cold start pays.
	 */
	InvocationTracing IDS_ONLY = (method, path, headers) -> Invocation.of(headers);

	/**
	 * Starts the invocation's part of the trace.
	 * @param headers the event's headers, lower-case names
	 */
	Invocation start(String method, String path, Map<String, List<String>> headers);

	/**
	 * One invocation's trace: the trace id (32 hex digits, or {@code -} when the event
	 * carried none) for its log line, and the end of its span.
	 */
	interface Invocation {

		Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

		String traceId();

		default void end(int status) {
		}

		/** The trace id in a {@code traceparent} header, if the event has a valid one. */
		static Invocation of(Map<String, List<String>> headers) {
			List<String> values = headers.get("traceparent");
			String traceparent = (values == null || values.size() != 1) ? null : values.get(0);
			var matcher = (traceparent != null) ? TRACEPARENT.matcher(traceparent) : null;
			String traceId = (matcher != null && matcher.matches()) ? matcher.group(1) : "-";
			return () -> traceId;
		}

	}

}
