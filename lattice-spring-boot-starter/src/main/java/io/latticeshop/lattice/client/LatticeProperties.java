package io.latticeshop.lattice.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Lattice peers of a workload live and how calls to them are made.
 *
 * @param region the region that signatures name; Lattice rejects any other
 * @param signing whether outgoing calls are SigV4-signed; off only where no Lattice sits
 * between caller and peer (standalone runs with in-process stubs)
 * @param connectTimeout default connect timeout for every peer
 * @param readTimeout default time to wait for a peer's response headers, and for each
 * read of its body; the whole call, body included, may take the connect timeout plus this
 * @param maxConnections most open connections to one peer; a call that finds them all
 * busy waits up to the connect timeout for one
 * @param peers the peers by name ({@code erp}, {@code order-processor},
 * {@code web-server})
 */
// Checked in the constructor rather than with Bean Validation: the checks are few, and
// Hibernate Validator's first use costs about 100 ms of each service's start-up
// (bench/readiness.sh). Boot reports a failure here as a binding failure of 'lattice'.
@ConfigurationProperties("lattice")
public record LatticeProperties(@DefaultValue("us-east-1") String region, @DefaultValue("true") boolean signing,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
		@DefaultValue("100") int maxConnections, @DefaultValue Map<String, Peer> peers) {

	public LatticeProperties {
		if (region == null || region.isBlank()) {
			throw new IllegalArgumentException("lattice.region must name the region that signatures are for");
		}
		requirePositive("lattice.connect-timeout", connectTimeout);
		requirePositive("lattice.read-timeout", readTimeout);
		if (maxConnections <= 0) {
			throw new IllegalArgumentException("lattice.max-connections must be positive, was " + maxConnections);
		}
		peers = (peers != null) ? peers : Map.of();
		peers.forEach((name, peer) -> {
			if (peer.url() == null) {
				throw new IllegalArgumentException("lattice.peers." + name + ".url must be set");
			}
			if (peer.connectTimeout() != null) {
				requirePositive("lattice.peers." + name + ".connect-timeout", peer.connectTimeout());
			}
			if (peer.readTimeout() != null) {
				requirePositive("lattice.peers." + name + ".read-timeout", peer.readTimeout());
			}
		});
	}

	private static void requirePositive(String property, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

	/**
	 * One peer.
	 *
	 * @param url base URL, in AWS the service's Lattice DNS name
	 * ({@code https://<name>-<id>.<partition>.vpc-lattice-svcs.<region>.on.aws});
	 * required
	 * @param connectTimeout overrides the default connect timeout
	 * @param readTimeout overrides the default read timeout
	 */
	public record Peer(URI url, Duration connectTimeout, Duration readTimeout) {
	}

	Peer peer(String name) {
		Peer peer = this.peers.get(name);
		if (peer == null) {
			throw new IllegalStateException("No Lattice peer named '" + name + "': set lattice.peers." + name
					+ ".url (configured peers: " + this.peers.keySet() + ")");
		}
		return peer;
	}

	Duration connectTimeoutFor(Peer peer) {
		return (peer.connectTimeout() != null) ? peer.connectTimeout() : this.connectTimeout;
	}

	Duration readTimeoutFor(Peer peer) {
		return (peer.readTimeout() != null) ? peer.readTimeout() : this.readTimeout;
	}

}
