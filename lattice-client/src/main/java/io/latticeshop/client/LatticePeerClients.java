package io.latticeshop.client;

import java.net.http.HttpClient;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Configures {@link RestClient.Builder}s for Lattice peers: base URL, connect and read
 * timeouts, SigV4 signing and peer fault translation.
 * <p>
 * HTTP service groups whose name is a configured peer get this automatically; code that
 * builds its own {@code RestClient} calls {@link #configure(String, RestClient.Builder)}.
 */
public final class LatticePeerClients {

	private final LatticeProperties properties;

	private final LatticeRequestSigner signer;

	/**
	 * @param properties the peers and timeouts
	 * @param signer the signer, or {@code null} to send unsigned requests
	 */
	public LatticePeerClients(LatticeProperties properties, LatticeRequestSigner signer) {
		this.properties = properties;
		this.signer = signer;
	}

	public boolean isPeer(String name) {
		return this.properties.peers().containsKey(name);
	}

	/**
	 * Points a builder at a peer.
	 * @param peerName the peer, a key of {@code lattice.peers}
	 * @param builder the builder to configure
	 * @return the same builder
	 */
	public RestClient.Builder configure(String peerName, RestClient.Builder builder) {
		LatticeProperties.Peer peer = this.properties.peer(peerName);
		// One HttpClient per peer keeps its connection pool; HTTP/1.1 because Lattice
		// speaks HTTP/2 only over TLS and an h2c upgrade attempt would be wasted.
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.properties.connectTimeoutFor(peer))
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(this.properties.readTimeoutFor(peer));
		PeerFaultTranslator faults = new PeerFaultTranslator(peerName);
		builder.baseUrl(peer.url().toString())
			.requestFactory(requestFactory)
			.requestInterceptor(faults)
			.defaultStatusHandler(faults::isFault, faults);
		if (this.signer != null) {
			// Added last so it runs closest to the wire, after every other interceptor
			// has settled the headers it signs.
			builder.requestInterceptor(new LatticeSigningInterceptor(this.signer));
		}
		return builder;
	}

}
