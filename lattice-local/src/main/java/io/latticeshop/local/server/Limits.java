package io.latticeshop.local.server;

import java.time.Duration;

/**
 * What one client may send to an endpoint. Past a limit the client gets a 4xx, or a
 * closed connection where no answer can be framed; lattice-local's README lists the
 * defaults.
 *
 * @param maxConnections open connections per endpoint; a connection beyond is closed as
 * soon as it is accepted, and the others are served on
 * @param maxRequestLineBytes longest request line (414)
 * @param maxHeaderBytes all header lines together (431)
 * @param maxHeaderCount header fields in one request (431)
 * @param maxBodyBytes request body for an HTTP target (413); Lambda targets have Lambda's
 * 6 MB
 * @param headTimeout from a request's first byte to the end of its head (408)
 * @param bodyGrace time a body may take before {@code minBodyRate} applies
 * @param minBodyRate bytes per second a body must average after the grace (408)
 * @param idleTimeout a connection with no request in progress is closed after this
 * @param maxConcurrentStreams HTTP/2 streams open at once on one connection
 */
public record Limits(int maxConnections, int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount,
		long maxBodyBytes, Duration headTimeout, Duration bodyGrace, int minBodyRate, Duration idleTimeout,
		int maxConcurrentStreams) {

	public static final Limits DEFAULTS = new Limits(4096, 8 * 1024, 64 * 1024, 100, 10L * 1024 * 1024,
			Duration.ofSeconds(10), Duration.ofSeconds(10), 1024, Duration.ofSeconds(60), 100);

	public Limits withIdleTimeout(Duration idle) {
		return new Limits(this.maxConnections, this.maxRequestLineBytes, this.maxHeaderBytes, this.maxHeaderCount,
				this.maxBodyBytes, this.headTimeout, this.bodyGrace, this.minBodyRate, idle, this.maxConcurrentStreams);
	}

	public Limits withMaxConnections(int connections) {
		return new Limits(connections, this.maxRequestLineBytes, this.maxHeaderBytes, this.maxHeaderCount,
				this.maxBodyBytes, this.headTimeout, this.bodyGrace, this.minBodyRate, this.idleTimeout,
				this.maxConcurrentStreams);
	}

	public Limits withDeadlines(Duration head, Duration grace, int rate) {
		return new Limits(this.maxConnections, this.maxRequestLineBytes, this.maxHeaderBytes, this.maxHeaderCount,
				this.maxBodyBytes, head, grace, rate, this.idleTimeout, this.maxConcurrentStreams);
	}

}
