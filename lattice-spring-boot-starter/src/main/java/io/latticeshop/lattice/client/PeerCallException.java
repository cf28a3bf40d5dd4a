package io.latticeshop.lattice.client;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * A call to a Lattice peer did not produce a usable answer. Callers let it propagate: the
 * server side of {@code lattice-spring-boot-starter} turns it into a 502, 503 or 504
 * problem that names the peer.
 */
public class PeerCallException extends RuntimeException {

	/**
	 * Why the call failed.
	 */
	public enum Failure {

		/**
		 * Nothing answered (connection refused or reset, DNS failure, no credentials to
		 * sign with), or the answer was that the peer is unavailable (503, 429).
		 */
		UNREACHABLE(HttpStatus.SERVICE_UNAVAILABLE),

		/**
		 * The peer did not answer within the read timeout, connecting timed out, or
		 * Lattice answered 504.
		 */
		TIMEOUT(HttpStatus.GATEWAY_TIMEOUT),

		/** Lattice or the peer refused the call (401, 403): a policy or signing fault. */
		REFUSED(HttpStatus.BAD_GATEWAY),

		/** The peer answered with an error we cannot pass on (5xx, unexpected 4xx). */
		FAILED(HttpStatus.BAD_GATEWAY);

		private final HttpStatus status;

		Failure(HttpStatus status) {
			this.status = status;
		}

		/**
		 * The status our own caller should see.
		 * @return a 502, 503 or 504
		 */
		public HttpStatus status() {
			return this.status;
		}

	}

	private final String peer;

	private final Failure failure;

	private final HttpStatusCode peerStatus;

	public PeerCallException(String peer, Failure failure, HttpStatusCode peerStatus, String message, Throwable cause) {
		super(message, cause);
		this.peer = peer;
		this.failure = failure;
		this.peerStatus = peerStatus;
	}

	/**
	 * The peer failure behind an exception, if there is one. A call that ran out of time
	 * while its body was being read reaches the caller wrapped, as a body that could not
	 * be read; callers that catch {@code RestClientException} unwrap it with this.
	 * @param ex what the call threw
	 * @return the first {@code PeerCallException} in its cause chain
	 */
	public static Optional<PeerCallException> in(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PeerCallException peer) {
				return Optional.of(peer);
			}
		}
		return Optional.empty();
	}

	public String peer() {
		return this.peer;
	}

	public Failure failure() {
		return this.failure;
	}

	/**
	 * The status the peer answered with.
	 * @return the status, or {@code null} when the peer never answered
	 */
	public HttpStatusCode peerStatus() {
		return this.peerStatus;
	}

}
