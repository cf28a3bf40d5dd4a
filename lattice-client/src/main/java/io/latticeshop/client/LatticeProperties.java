package io.latticeshop.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Lattice peers of a workload live and how calls to them are made.
 *
 * @param region the region that signatures name; Lattice rejects any other
 * @param signing whether outgoing calls are SigV4-signed; off only where no Lattice sits
 * between caller and peer (standalone runs with in-process stubs)
 * @param connectTimeout default connect timeout for every peer
 * @param readTimeout default time to wait for a peer's response headers
 * @param maxConnections most open connections to one peer; a call that finds them all
 * busy waits up to the connect timeout for one
 * @param peers the peers by name ({@code erp}, {@code order-processor},
 * {@code web-server})
 */
@Validated
@ConfigurationProperties("lattice")
public record LatticeProperties(@NotBlank @DefaultValue("us-east-1") String region,
		@DefaultValue("true") boolean signing, @NotNull @DefaultValue("2s") Duration connectTimeout,
		@NotNull @DefaultValue("5s") Duration readTimeout, @Positive @DefaultValue("100") int maxConnections,
		@Valid @DefaultValue Map<String, Peer> peers) {

	/**
	 * One peer.
	 *
	 * @param url base URL, in AWS the service's Lattice DNS name
	 * ({@code https://<name>-<id>.<partition>.vpc-lattice-svcs.<region>.on.aws})
	 * @param connectTimeout overrides the default connect timeout
	 * @param readTimeout overrides the default read timeout
	 */
	public record Peer(@NotNull URI url, Duration connectTimeout, Duration readTimeout) {
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
