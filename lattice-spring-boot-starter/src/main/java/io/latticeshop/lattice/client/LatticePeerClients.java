package io.latticeshop.lattice.client;

import java.time.Duration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Configures {@link RestClient.Builder}s for Lattice peers: base URL, connect and read
 * timeouts, a deadline for the whole call (connect plus read timeout), SigV4 signing and
 * peer fault translation.
 * <p>
 * HTTP service groups whose name is a configured peer get this automatically; code that
 * builds its own {@code RestClient} calls {@link #configure(String, RestClient.Builder)}.
 */
public final class LatticePeerClients implements AutoCloseable {

	// Lattice closes connections that sit idle; one unused for this long is checked
	// before it carries a request, rather than failing the request.
	private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);

	private final LatticeProperties properties;

	private final LatticeRequestSigner signer;

	private final List<CloseableHttpClient> httpClients = new CopyOnWriteArrayList<>();

	private final PeerTls tls;

	/**
	 * @param properties the peers and timeouts
	 * @param signer the signer, or {@code null} to send unsigned requests
	 */
	public LatticePeerClients(LatticeProperties properties, LatticeRequestSigner signer) {
		this(properties, signer, PeerTls.httpClientDefault());
	}

	LatticePeerClients(LatticeProperties properties, LatticeRequestSigner signer, PeerTls tls) {
		this.properties = properties;
		this.signer = signer;
		this.tls = tls;
		if (properties.peers().values().stream().anyMatch(LatticePeerClients::isHttps)) {
			tls.prepareInBackground();
		}
	}

	private static boolean isHttps(LatticeProperties.Peer peer) {
		return peer.url() != null && "https".equalsIgnoreCase(peer.url().getScheme());
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
		PeerFaultTranslator faults = new PeerFaultTranslator(peerName);
		// First, so that its clock starts before the connection is made.
		Duration budget = this.properties.connectTimeoutFor(peer).plus(this.properties.readTimeoutFor(peer));
		builder.baseUrl(peer.url().toString())
			.requestFactory(new HttpComponentsClientHttpRequestFactory(httpClient(peer)))
			.requestInterceptor(new CallDeadline(peerName, budget))
			.requestInterceptor(faults)
			.defaultStatusHandler(faults::isFault, faults);
		if (this.signer != null) {
			// Added last so it runs closest to the wire, after every other interceptor
			// has settled the headers it signs.
			builder.requestInterceptor(new LatticeSigningInterceptor(this.signer));
		}
		return builder;
	}

	/**
	 * One pooled client per peer, doing its I/O on the calling thread. The JDK's
	 * {@code HttpClient} hands every call to its selector and worker threads, and Spring
	 * starts a thread per request body for it: on a busy two-core machine that cost a few
	 * milliseconds of CPU per order (bench/order-flow.sh).
	 */
	private CloseableHttpClient httpClient(LatticeProperties.Peer peer) {
		Timeout connect = Timeout.of(this.properties.connectTimeoutFor(peer));
		Timeout read = Timeout.of(this.properties.readTimeoutFor(peer));
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(this.properties.maxConnections())
			.setMaxConnPerRoute(this.properties.maxConnections())
			.setTlsSocketStrategy(this.tls)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(connect)
				.setSocketTimeout(read)
				.setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
				.build())
			.build();
		// What Lattice sees is exactly what was signed: no added Accept-Encoding, no
		// cookies, and redirects and retries are the caller's decision, not the wire's.
		CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(
					RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read).build())
			.disableContentCompression()
			.disableCookieManagement()
			// Without cookies no cookie spec is ever looked up, but the builder makes its
			// default registry anyway, parsing the public suffix list on the calling
			// thread: 20-30 ms of each service's start-up. With https peers the TLS setup
			// thread still loads the list, for host name checks.
			.setDefaultCookieSpecRegistry(RegistryBuilder.<CookieSpecFactory>create().build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.build();
		this.httpClients.add(client);
		return client;
	}

	@Override
	public void close() {
		for (CloseableHttpClient client : this.httpClients) {
			client.close(CloseMode.GRACEFUL);
		}
		this.httpClients.clear();
	}

}
