package io.latticeshop.local.proxy;

import java.util.concurrent.CompletableFuture;

/** Where a listener's forward action ends: an HTTP endpoint or a Lambda function. */
public interface Target {

	/**
	 * Sends the request on and answers the client through the request's exchange. The
	 * outcome completes once the response has been written; it fails with a
	 * {@link TargetException} when the client is still to be answered, or with a
	 * {@link ResponseCutShortException} when the target broke off a response already
	 * under way (the exchange is then aborted).
	 */
	CompletableFuture<Outcome> forward(ForwardedRequest request);

	/** What the access log records about the target leg. */
	record Outcome(int status, long bytesSent, String targetIpPort, long requestToTargetMillis,
			long responseFromTargetMillis) {
	}

	/**
	 * A target failure, or a request the target cannot take, and the status Lattice
	 * answers it with (400, 408, 413, 502, 503 or 504).
	 */
	class TargetException extends Exception {

		private final int status;

		private final String targetIpPort;

		public TargetException(int status, String message, String targetIpPort) {
			super(message, null, false, false);
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
	 * The target failed after its response had started: the client's connection has been
	 * closed without the response's end, so that the client knows it is incomplete.
	 */
	class ResponseCutShortException extends Exception {

		private final String targetIpPort;

		public ResponseCutShortException(String message, String targetIpPort) {
			super(message, null, false, false);
			this.targetIpPort = targetIpPort;
		}

		public String targetIpPort() {
			return this.targetIpPort;
		}

	}

	/**
	 * The client closed its connection, or reset its stream, before the response ended.
	 */
	class ClientGoneException extends Exception {

		public ClientGoneException(String message) {
			super(message, null, false, false);
		}

	}

}
