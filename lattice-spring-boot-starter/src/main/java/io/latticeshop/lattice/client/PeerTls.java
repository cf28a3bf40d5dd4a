package io.latticeshop.lattice.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS for the connections to every peer: one context, built off the start-up path.
 * <p>
 * HttpClient builds its default TLS strategy, an {@code SSLContext} over the JDK's trust
 * store, when a connection manager is built: 120–150 ms in a fresh JVM even with a CDS
 * archive. Every service paid that before it could report ready, also with only
 * {@code http://} peers (lattice-local). Here it is built on a thread of its own as soon
 * as an {@code https://} peer is configured, and otherwise by the first connection that
 * needs it; a connection that gets there first waits for it.
 */
final class PeerTls implements TlsSocketStrategy {

	private final FutureTask<TlsSocketStrategy> strategy;

	PeerTls(Callable<TlsSocketStrategy> factory) {
		this.strategy = new FutureTask<>(factory);
	}

	/** HttpClient's own default: the JDK's trust store and hostname verification. */
	static PeerTls httpClientDefault() {
		return new PeerTls(DefaultClientTlsStrategy::createDefault);
	}

	/** Starts building the TLS context now, so that it is ready by the first call. */
	void prepareInBackground() {
		Thread.ofPlatform().name("lattice-tls-setup").daemon(true).start(this.strategy);
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
			throws IOException {
		// Builds it on this thread, unless it is built or being built already.
		this.strategy.run();
		try {
			return this.strategy.get().upgrade(socket, target, port, attachment, context);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for the TLS context");
		}
		catch (ExecutionException ex) {
			throw new IOException("the TLS context for Lattice peers could not be built: " + ex.getCause(),
					ex.getCause());
		}
	}

}
