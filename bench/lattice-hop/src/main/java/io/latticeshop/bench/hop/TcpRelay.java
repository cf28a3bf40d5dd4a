package io.latticeshop.bench.hop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor under any proxy in {@link LatticeHopBench}: a bare TCP relay on loopback that
 * copies bytes both ways, one blocking thread per direction, and does nothing else (no
 * HTTP parsing, no SigV4, no policy, no log). A request through it costs the same two
 * extra socket hops as one through lattice-local. Runs as a process of its own:
 * {@code TcpRelay <target port>} prints the port it listens on.
 */
final class TcpRelay implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final ExecutorService threads = Executors
		.newCachedThreadPool(Thread.ofPlatform().name("tcp-relay-", 0).daemon(true).factory());

	TcpRelay(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.target.getAddress(), this.target.getPort());
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.threads.execute(() -> pump(client, upstream));
				this.threads.execute(() -> pump(upstream, client));
			}
			catch (IOException ex) {
				// Closed, or the target refused: the client sees its connection drop.
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// Either side went away; close both below.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing left to do.
		}
	}

	public static void main(String[] args) throws Exception {
		TcpRelay relay = new TcpRelay(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
		System.out.println(relay.port());
		System.out.flush();
		Thread.currentThread().join();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.threads.shutdownNow();
	}

}
