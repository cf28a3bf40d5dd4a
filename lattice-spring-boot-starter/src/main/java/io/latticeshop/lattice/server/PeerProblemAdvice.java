package io.latticeshop.lattice.server;

import java.net.URI;

import io.latticeshop.lattice.client.PeerCallException;
import io.latticeshop.lattice.problems.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed peer call with a problem that names the peer: 503 when it could not be
 * reached, 504 when it did not answer in time, 502 when it refused or failed.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
final class PeerProblemAdvice {

	static final URI PEER_UNAVAILABLE = Problems.type("peer-unavailable");

	static final URI PEER_TIMEOUT = Problems.type("peer-timeout");

	static final URI PEER_REFUSED = Problems.type("peer-refused");

	static final URI PEER_FAILED = Problems.type("peer-failed");

	private static final Logger log = LoggerFactory.getLogger(PeerProblemAdvice.class);

	@ExceptionHandler(PeerCallException.class)
	ProblemDetail peerFailed(PeerCallException ex) {
		log.warn("{}", ex.getMessage());
		String what = switch (ex.failure()) {
			case UNREACHABLE -> "unavailable";
			case TIMEOUT -> "timed out";
			case REFUSED -> "refused the call";
			case FAILED -> "failed";
		};
		// The message stays in the log: it quotes the peer's answer, and a Lattice
		// denial names our roles, account and service ARNs, which are not the caller's
		// business.
		String detail = "Peer '" + ex.peer() + "' " + what
				+ ((ex.peerStatus() != null) ? " (it answered " + ex.peerStatus().value() + ")" : "");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.failure().status(), detail);
		problem.setType(switch (ex.failure()) {
			case UNREACHABLE -> PEER_UNAVAILABLE;
			case TIMEOUT -> PEER_TIMEOUT;
			case REFUSED -> PEER_REFUSED;
			case FAILED -> PEER_FAILED;
		});
		problem.setTitle("Peer " + ex.peer() + " " + what);
		problem.setProperty("peer", ex.peer());
		if (ex.peerStatus() != null) {
			problem.setProperty("peerStatus", ex.peerStatus().value());
		}
		return problem;
	}

}
