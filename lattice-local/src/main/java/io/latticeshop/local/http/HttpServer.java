package io.latticeshop.local.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking HTTP/1.1 server: one acceptor thread, and one thread per connection
 * that reads request after request from it and runs the handler on each.
 *
 * <p>
 * Not the JDK's {@code com.sun.net.httpserver}: its selector thread hands every request
 * to an executor and re-registers every kept-alive connection with the selector
 * afterwards, two thread wake-ups per request that cost half of lattice-local's CPU per
 * hop (bench/lattice-hop.sh). Here the thread that read a request answers it and waits
 * for the next one on the same socket. Connection threads are reused platform threads
 * rather than virtual threads: the SDK signer and Jackson keep their Mac instances and
 * buffers in thread locals, which a fresh virtual thread rebuilds on every connection,
 * and local traffic never needs thousands of connections.
 *
 * <p>
 * Idle connections are closed by a sweeper rather than by a socket read timeout: with a
 * timeout, the JDK turns every read that has to wait into a non-blocking read, a
 * {@code poll} and another read.
 */
public final class HttpServer implements AutoCloseable {

	/** What the server calls for every request. */
	@FunctionalInterface
	public interface Handler {

		void handle(Exchange exchange) throws IOException;

	}

	private static final int BACKLOG = 512;

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

	private static final ScheduledExecutorService SWEEPER = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("http-idle-sweeper").daemon(true).factory());

	private static final Duration LINGER = Duration.ofSeconds(2);

	private static final Duration ACCEPTOR_EXIT = Duration.ofSeconds(1);

	private final String name;

	private final Handler handler;

	private final ServerSocket listener;

	private final long idleNanos;

	private final ExecutorService connections;

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private volatile Future<?> sweeping;

	private volatile Thread acceptor;

	private volatile boolean closed;

	/**
	 * Binds the address at once, so that its port is known before {@link #start()};
	 * {@code name} names the server's threads.
	 */
	public HttpServer(InetSocketAddress address, String name, Handler handler) throws IOException {
		this(address, name, handler, IDLE_TIMEOUT);
	}

	/** {@code idleTimeout}: how long a kept-alive connection may wait for a request. */
	HttpServer(InetSocketAddress address, String name, Handler handler, Duration idleTimeout) throws IOException {
		this.name = name;
		this.handler = handler;
		this.idleNanos = idleTimeout.toNanos();
		this.listener = new ServerSocket();
		try {
			this.listener.setReuseAddress(true);
			this.listener.bind(address, BACKLOG);
		}
		catch (IOException ex) {
			this.listener.close();
			throw ex;
		}
		this.connections = Executors
			.newCachedThreadPool(Thread.ofPlatform().name(name + "-", 0).daemon(true).factory());
	}

	public void start() {
		long period = Math.max(this.idleNanos / 10, 1);
		this.sweeping = SWEEPER.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.NANOSECONDS);
		this.acceptor = Thread.ofPlatform().name(this.name + "-acceptor").daemon(true).start(this::accept);
	}

	public InetSocketAddress address() {
		return (InetSocketAddress) this.listener.getLocalSocketAddress();
	}

	/**
	 * Stops accepting and closes every connection, idle or busy, without waiting for
	 * handlers: a handler still running finds its connection closed.
	 */
	@Override
	public void close() {
		this.closed = true;
		if (this.sweeping != null) {
			this.sweeping.cancel(false);
		}
		closeQuietly(this.listener);
		awaitAcceptor();
		this.connections.shutdownNow();
		this.open.forEach((connection) -> closeQuietly(connection.socket));
	}

	/**
	 * While the acceptor is blocked in {@code accept}, closing the listener only marks it
	 * closed: the kernel keeps listening until the acceptor has left {@code accept}, and
	 * a connection made in between would be accepted. So the port is only known closed
	 * once the acceptor has ended.
	 */
	private void awaitAcceptor() {
		Thread thread = this.acceptor;
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		try {
			thread.join(ACCEPTOR_EXIT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Closing a socket ends the read its thread is blocked in. The same limit holds for a
	 * client that stops sending half-way through a request, which would otherwise hold
	 * its connection thread for good.
	 */
	private void closeIdle() {
		long now = System.nanoTime();
		for (Connection connection : this.open) {
			long since = connection.idleSince;
			long reading = connection.readingSince;
			if (since != 0 && now - since > this.idleNanos) {
				closeQuietly(connection.socket);
			}
			else if (reading != 0 && now - reading > this.idleNanos) {
				System.err.println("lattice-local: " + this.name + " closed the connection from "
						+ connection.socket.getRemoteSocketAddress() + ": its client sent nothing for "
						+ this.idleNanos / 1_000_000_000 + " s in the middle of a request");
				closeQuietly(connection.socket);
			}
		}
	}

	private void accept() {
		while (!this.closed) {
			Socket socket;
			try {
				socket = this.listener.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					// Out of file descriptors, most likely: let some connections end.
					pause();
				}
				continue;
			}
			Connection connection = new Connection(socket);
			this.open.add(connection);
			try {
				if (this.closed) {
					// close() may have looked at the open connections before this one.
					throw new RejectedExecutionException();
				}
				this.connections.execute(() -> serve(connection));
			}
			catch (RejectedExecutionException ex) {
				this.open.remove(connection);
				closeQuietly(socket);
			}
		}
	}

	private void serve(Connection connection) {
		try (Socket socket = connection.socket) {
			socket.setTcpNoDelay(true);
			InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
			Input in = new Input(new WatchedInput(socket.getInputStream(), connection));
			Output out = new Output(socket.getOutputStream());
			while (serveOne(connection, remote, in, out)) {
				// The next request on the same connection.
			}
			closeGently(socket, in);
		}
		catch (IOException ex) {
			// The client went away, idled out or broke the protocol mid-request: nobody
			// is left to tell.
		}
		finally {
			this.open.remove(connection);
		}
	}

	/** Serves one request; false when the connection has to close afterwards. */
	private boolean serveOne(Connection connection, InetSocketAddress remote, Input in, Output out) throws IOException {
		RequestHead head;
		connection.idleSince = System.nanoTime();
		try {
			head = RequestHead.read(in);
		}
		catch (RequestHead.BadRequestException ex) {
			refuse(out, ex.status(), ex.getMessage());
			return false;
		}
		finally {
			connection.idleSince = 0;
		}
		if (head == null) {
			return false;
		}
		Exchange exchange = new Exchange(head, remote, in, out);
		try {
			this.handler.handle(exchange);
		}
		catch (IOException | RuntimeException ex) {
			if (!exchange.responseStarted()) {
				if (ex instanceof RuntimeException) {
					System.err.println("lattice-local: " + this.name + " failed on " + head.method() + " "
							+ head.rawPath() + ": " + ex);
				}
				refuse(out, 500, "the request could not be handled");
			}
			return false;
		}
		return exchange.finish();
	}

	/**
	 * Closing a socket with unread bytes makes the kernel reset the connection, which can
	 * destroy the response still on its way to the client. So the server stops sending,
	 * reads what the client still sends for a moment, and only then closes.
	 */
	private static void closeGently(Socket socket, Input in) throws IOException {
		socket.shutdownOutput();
		long deadline = System.nanoTime() + LINGER.toNanos();
		byte[] scratch = new byte[8192];
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
			if (in.read(scratch) < 0) {
				return;
			}
		}
	}

	/** A plain-text answer from the server itself, after which it closes. */
	private static void refuse(Output out, int status, String message) throws IOException {
		byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
		out.writeText("HTTP/1.1 " + status + Reasons.phrase(status) + "\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
				+ "\r\nConnection: close\r\n\r\n");
		out.write(body);
		out.flush();
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing is all that was left to do with it.
		}
	}

	/**
	 * An open connection, since when it has waited for a request (0 while busy), and
	 * since when a read of its client has been blocked (0 while none is).
	 */
	private static final class Connection {

		final Socket socket;

		volatile long idleSince;

		volatile long readingSince;

		Connection(Socket socket) {
			this.socket = socket;
		}

	}

	/** The client's stream, noting in its connection while a read of it waits. */
	private static final class WatchedInput extends FilterInputStream {

		private final Connection connection;

		WatchedInput(InputStream raw, Connection connection) {
			super(raw);
			this.connection = connection;
		}

		@Override
		public int read() throws IOException {
			this.connection.readingSince = System.nanoTime();
			try {
				return super.read();
			}
			finally {
				this.connection.readingSince = 0;
			}
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			this.connection.readingSince = System.nanoTime();
			try {
				return super.read(target, offset, length);
			}
			finally {
				this.connection.readingSince = 0;
			}
		}

	}

}
