package io.latticeshop.local.accesslog;

import tools.jackson.core.JsonGenerator;

/**
 * One request's line in the access log. The event loop fills it in as the request gets
 * through each step and hands it to {@link AccessLog} when the response ends; the log's
 * own thread writes it as JSON, the fields in {@link Field}'s order. Every line has every
 * text field, {@code -} where the request did not get that far; a number the request did
 * not get to (the target's durations when no target answered) is left out.
 */
public final class AccessLogEntry {

	/**
	 * VPC Lattice's access-log fields, by their names in the log, plus {@code traceId}.
	 */
	public enum Field {

		START_TIME("startTime", false), REQUEST_ID("requestId", false), SERVICE_NETWORK_ARN("serviceNetworkArn", false),
		SERVICE_ARN("serviceArn", false), TARGET_GROUP_ARN("targetGroupArn", false),
		LISTENER_TYPE("listenerType", false), REQUEST_METHOD("requestMethod", false),
		REQUEST_PATH("requestPath", false), PROTOCOL("protocol", false), SOURCE_IP_PORT("sourceIpPort", false),
		HOST_HEADER("hostHeader", false), USER_AGENT("userAgent", false), BYTES_RECEIVED("bytesReceived", true),
		/**
		 * Not a field of Lattice's access log: the W3C trace id the caller sent, so that
		 * a line can be found from a trace and a trace from a line.
		 */
		TRACE_ID("traceId", false), CALLER_PRINCIPAL("callerPrincipal", false), SOURCE_VPC_ARN("sourceVpcArn", false),
		SOURCE_VPC_ID("sourceVpcId", false), AUTH_DENIED_REASON("authDeniedReason", false),
		TARGET_IP_PORT("targetIpPort", false), FAILURE_REASON("failureReason", false),
		REQUEST_TO_TARGET_DURATION("requestToTargetDuration", true),
		RESPONSE_FROM_TARGET_DURATION("responseFromTargetDuration", true), BYTES_SENT("bytesSent", true),
		RESPONSE_CODE("responseCode", true), DURATION("duration", true);

		private static final Field[] ALL = values();

		private final String jsonName;

		private final boolean number;

		Field(String jsonName, boolean number) {
			this.jsonName = jsonName;
			this.number = number;
		}

		/** The field's name in the log. */
		public String jsonName() {
			return this.jsonName;
		}

	}

	private static final String NOT_REACHED = "-";

	private final Object[] values = new Object[Field.ALL.length];

	/** A text field; {@code null} leaves it as not reached. */
	public AccessLogEntry put(Field field, String value) {
		if (field.number) {
			throw new IllegalArgumentException(field.jsonName + " is a number");
		}
		this.values[field.ordinal()] = value;
		return this;
	}

	public AccessLogEntry put(Field field, long value) {
		if (!field.number) {
			throw new IllegalArgumentException(field.jsonName + " is text");
		}
		this.values[field.ordinal()] = value;
		return this;
	}

	/** Whether the request got to the field: it has a value. */
	public boolean reached(Field field) {
		return this.values[field.ordinal()] != null;
	}

	/** The field as the log shows it: {@code -} where the request did not get to it. */
	public String get(Field field) {
		Object value = this.values[field.ordinal()];
		return (value != null) ? value.toString() : NOT_REACHED;
	}

	void writeTo(JsonGenerator json) {
		json.writeStartObject();
		for (Field field : Field.ALL) {
			Object value = this.values[field.ordinal()];
			if (!field.number) {
				json.writeStringProperty(field.jsonName, (value != null) ? (String) value : NOT_REACHED);
			}
			else if (value != null) {
				json.writeNumberProperty(field.jsonName, (Long) value);
			}
		}
		json.writeEndObject();
	}

}
