package io.latticeshop.web.peers;

import java.util.Optional;
import java.util.function.Supplier;

import io.latticeshop.lattice.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;

/**
 * An answer that arrived but cannot be used (unreadable, incomplete, an unexpected 404)
 * is the peer's fault, like a 5xx: a {@link PeerCallException} that names the peer, which
 * the caller gets as a 502. The detail says what was wrong without our class names; the
 * log has more.
 */
final class PeerAnswers {

	private static final Logger log = LoggerFactory.getLogger(PeerAnswers.class);

	private PeerAnswers() {
	}

	/** Makes a call, turning whatever the HTTP client throws into the peer's fault. */
	static <T> T call(String peer, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RestClientException ex) {
			throw unusable(peer, ex);
		}
	}

	static PeerCallException unusable(String peer, RestClientException ex) {
		Optional<PeerCallException> failed = PeerCallException.in(ex);
		if (failed.isPresent()) {
			// Ran out of time while the answer was being read: a timeout, not garbage.
			return failed.get();
		}
		log.warn("Unusable answer from peer '{}': {}", peer, ex.toString());
		if (ex instanceof HttpStatusCodeException status) {
			return new PeerCallException(peer, PeerCallException.Failure.FAILED, status.getStatusCode(),
					"Peer '" + peer + "' answered " + status.getStatusCode().value(), ex);
		}
		return unusable(peer, "an answer that could not be read", ex);
	}

	static PeerCallException unusable(String peer, String what, Throwable cause) {
		return new PeerCallException(peer, PeerCallException.Failure.FAILED, null,
				"Peer '" + peer + "' answered with something unusable: " + what, cause);
	}

}
