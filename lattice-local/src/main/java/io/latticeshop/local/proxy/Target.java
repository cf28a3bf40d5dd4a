package io.latticeshop.local.proxy;

import java.io.IOException;

/** Where a listener's forward action ends: an HTTP endpoint or a Lambda function. */
public interface Target {

	/**
	 * Sends the request on and writes the response to the client. Failures that leave the
	 * client without a response surface as {@link TargetException}; a target that breaks
	 * off once its response has started, as {@link ResponseCutShortException}.
	 */
	Outcome forward(ForwardedRequest request) throws IOException, TargetException;

	/** What the access log records about the target leg. */
	record Outcome(int status, long bytesSent, String targetIpPort, long requestToTargetMillis,
			long responseFromTargetMillis) {
	}

	/**
	 * A target failure, or a request the target cannot take, and the status Lattice
	 * answers it with (413, 502, 503 or 504).
	 */
	class TargetException extends Exception {

		private final int status;

		private final String targetIpPort;

		public TargetException(int status, String message, String targetIpPort) {
			super(message);
			this.status = status;
			this.targetIpPort = targetIpPort;
		}

		public int status() {
			return this.status;
		}

		public String targetIpPort() {
			return this.targetIpPort;
		}

	}

	/**
	 * The target failed after its response had started: the client's connection has to
	 * close without the response's end, so that the client knows it is incomplete.
	 */
	class ResponseCutShortException extends IOException {

		public ResponseCutShortException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * The client's request body could not be read: broken chunked framing, or the client
	 * went away half-way. Lattice answers 400, not a target failure.
	 */
	class BadRequestBodyException extends IOException {

		public BadRequestBodyException(String message, IOException cause) {
			super(message, cause);
		}

	}

}
