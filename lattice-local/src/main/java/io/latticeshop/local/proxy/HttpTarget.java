package io.latticeshop.local.proxy;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.latticeshop.local.http.Input;

/**
 * Forwards to an INSTANCE, IP or ALB target over HTTP/1.1 with kept-alive connections,
 * streaming bodies both ways.
 *
 * <p>
 * Blocking sockets on the request's own thread rather than
 * {@code java.net.http.HttpClient}: this is the hot path of every local call, and the JDK
 * client's asynchronous machinery (selector thread, futures, timers per request) cost
 * more CPU than the whole rest of the hop. A pooled connection that idled for a second or
 * more is checked before it is reused, because targets close idle connections after their
 * own keep-alive timeout (5 s for Node.js and uvicorn). One that still turns out to be
 * closed is retried once for idempotent requests without a body, as a load balancer
 * would; anything else is the target's fault and answered 502, 503 or 504. A target that
 * fails half-way through its response body has the client's connection closed, so that
 * the client sees the response cut short rather than complete.
 */
public final class HttpTarget implements Target {

	/** Hop-by-hop headers, and those this client writes itself. */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
			"content-length", "host", "expect", "http2-settings");

	private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection",
			"transfer-encoding", "content-length", "trailer", "upgrade");

	private static final int MAX_IDLE = 64;

	/**
	 * Methods that may be sent twice: a retry cannot do what the first attempt did not.
	 */
	private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

	private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

	private static final int MAX_HEAD_BYTES = 64 * 1024;

	private final String host;

	private final int port;

	private final String hostHeader;

	private final Duration timeout;

	private final String ipPort;

	private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

	public HttpTarget(URI base, Duration timeout) {
		this.host = base.getHost();
		this.port = base.getPort() < 0 ? 80 : base.getPort();
		this.hostHeader = this.host + ":" + this.port;
		this.timeout = timeout;
		this.ipPort = this.host + ":" + this.port;
	}

	@Override
	public Outcome forward(ForwardedRequest request) throws IOException, TargetException {
		boolean replayable = !request.hasBody() && IDEMPOTENT.contains(request.method());
		long sent = System.nanoTime();
		for (int attempt = 0;; attempt++) {
			Connection connection = borrow(attempt == 0);
			Head head;
			try {
				connection.socket.setSoTimeout((int) Math.min(this.timeout.toMillis(), Integer.MAX_VALUE));
				writeRequest(connection, request);
				head = readHead(connection.in);
				while (head.status() >= 100 && head.status() < 200) {
					head = readHead(connection.in);
				}
			}
			catch (SocketTimeoutException ex) {
				connection.close();
				throw new TargetException(504, "Gateway Timeout: the target " + this.ipPort + " did not answer within "
						+ this.timeout.toSeconds() + "s", this.ipPort);
			}
			catch (BadRequestBodyException ex) {
				connection.close();
				throw new TargetException(400, "Bad Request: " + ex.getMessage(), this.ipPort);
			}
			catch (IOException ex) {
				connection.close();
				if (connection.reused && replayable && attempt == 0) {
					// Connections that sat idle as long as this one are likely gone too.
					drainIdle();
					continue;
				}
				throw new TargetException(502, "Bad Gateway: the target " + this.ipPort + " failed: " + ex.getMessage(),
						this.ipPort);
			}
			long firstByte = System.nanoTime();
			long bytes = relayResponse(connection, head, request);
			return new Outcome(head.status(), bytes, this.ipPort, (firstByte - sent) / 1_000_000,
					(System.nanoTime() - firstByte) / 1_000_000);
		}
	}

	private void drainIdle() {
		Connection connection;
		while ((connection = this.idle.pollLast()) != null) {
			connection.close();
		}
	}

	private Connection borrow(boolean pooled) throws TargetException {
		Connection connection;
		while (pooled && (connection = this.idle.pollFirst()) != null) {
			if (stillOpen(connection)) {
				connection.reused = true;
				return connection;
			}
			connection.close();
		}
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(this.host, this.port), 5000);
			return new Connection(socket);
		}
		catch (ConnectException | SocketTimeoutException ex) {
			closeQuietly(socket);
			throw new TargetException(503,
					"Service Unavailable: the target " + this.ipPort + " refused or did not accept the connection",
					this.ipPort);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new TargetException(503,
					"Service Unavailable: cannot connect to the target " + this.ipPort + ": " + ex.getMessage(),
					this.ipPort);
		}
	}

	/**
	 * A connection used within the last second is taken as open: that keeps the check off
	 * the hot path. An older one is read from with a 1 ms timeout, which times out on an
	 * open connection and finds the end of the stream on one the target closed.
	 */
	private static boolean stillOpen(Connection connection) {
		if (connection.socket.isClosed()) {
			return false;
		}
		if (System.nanoTime() - connection.idleSince < CHECK_AFTER_IDLE_NANOS) {
			return true;
		}
		try {
			connection.socket.setSoTimeout(1);
			// Anything but a timeout is a close, or bytes no request asked for.
			connection.in.read();
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void writeRequest(Connection connection, ForwardedRequest request) throws IOException {
		OutputStream out = connection.out;
		String query = request.rawQuery();
		StringBuilder head = new StringBuilder(512).append(request.method())
			.append(' ')
			.append(request.rawPath().isEmpty() ? "/" : request.rawPath())
			.append(query != null ? "?" + query : "")
			.append(" HTTP/1.1\r\nhost: ")
			.append(this.hostHeader)
			.append("\r\n");
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			if (!NOT_FORWARDED.contains(header.getKey())) {
				for (String value : header.getValue()) {
					head.append(header.getKey()).append(": ").append(value).append("\r\n");
				}
			}
		}
		String length = request.first("content-length");
		boolean chunked = request.hasBody() && length == null;
		if (length != null) {
			head.append("content-length: ").append(length).append("\r\n");
		}
		else if (chunked) {
			head.append("transfer-encoding: chunked\r\n");
		}
		out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
		if (request.hasBody()) {
			InputStream body = request.body();
			byte[] buffer = connection.scratch;
			int read;
			while ((read = body.read(buffer)) >= 0) {
				if (read == 0) {
					continue;
				}
				if (chunked) {
					out.write((Integer.toHexString(read) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				}
				out.write(buffer, 0, read);
				if (chunked) {
					out.write('\r');
					out.write('\n');
				}
			}
			if (chunked) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
		}
		out.flush();
	}

	private long relayResponse(Connection connection, Head head, ForwardedRequest request)
			throws IOException, TargetException {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		head.headers().forEach((name, values) -> {
			if (!NOT_RETURNED.contains(name)) {
				headers.put(name, values);
			}
		});
		boolean noBody = request.method().equalsIgnoreCase("HEAD") || head.status() == 204 || head.status() == 304;
		boolean chunked = !noBody && head.first("transfer-encoding") != null
				&& head.first("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked");
		long length = noBody ? 0 : chunked ? -1 : parseLength(head.first("content-length"));
		boolean reusable = head.keepAlive() && (noBody || chunked || length >= 0);
		long bytes = 0;
		OutputStream out;
		try {
			out = request.respond(head.status(), headers, noBody ? 0 : length);
		}
		catch (IllegalArgumentException ex) {
			// Checked before anything is written: the client can still be told.
			connection.close();
			throw new TargetException(502, "Bad Gateway: the target " + this.ipPort
					+ " answered a header HTTP cannot carry: " + ex.getMessage(), this.ipPort);
		}
		catch (IOException ex) {
			connection.close();
			throw ex;
		}
		try {
			if (chunked) {
				bytes = copy(connection.in.chunkedBody(), out, Long.MAX_VALUE, connection.scratch, this.ipPort);
			}
			else if (length >= 0) {
				bytes = copy(connection.in, out, length, connection.scratch, this.ipPort);
			}
			else if (!noBody) {
				bytes = copy(connection.in, out, Long.MAX_VALUE, connection.scratch, this.ipPort);
			}
			out.close();
		}
		catch (IOException | RuntimeException ex) {
			// The body stays unfinished: closing it would end a chunked response with its
			// last chunk and pass the cut-off body as whole. The caller closes the
			// client's connection instead.
			connection.close();
			throw ex;
		}
		if (reusable) {
			release(connection);
		}
		else {
			connection.close();
		}
		return bytes;
	}

	private void release(Connection connection) {
		connection.idleSince = System.nanoTime();
		if (this.idle.size() < MAX_IDLE) {
			this.idle.offerFirst(connection);
		}
		else {
			connection.close();
		}
	}

	/**
	 * Target failures surface as {@link ResponseCutShortException}, the client's as they
	 * are.
	 */
	private static long copy(InputStream in, OutputStream out, long limit, byte[] buffer, String ipPort)
			throws IOException {
		long copied = 0;
		while (copied < limit) {
			int read;
			try {
				read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
			}
			catch (IOException ex) {
				throw new ResponseCutShortException("the target " + ipPort + " broke off its response after " + copied
						+ " bytes: " + ex.getMessage(), ex);
			}
			if (read < 0) {
				if (limit != Long.MAX_VALUE) {
					throw new ResponseCutShortException(
							"the target " + ipPort + " closed the connection " + (limit - copied) + " bytes early",
							null);
				}
				break;
			}
			out.write(buffer, 0, read);
			copied += read;
		}
		return copied;
	}

	private static long parseLength(String value) {
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static Head readHead(Input in) throws IOException {
		String statusLine = readLine(in);
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("not an HTTP/1.x response: '" + statusLine + "'");
		}
		int status;
		try {
			status = Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("malformed status line '" + statusLine + "'");
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		int total = statusLine.length();
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			total += line.length();
			if (total > MAX_HEAD_BYTES) {
				throw new IOException("response headers larger than " + MAX_HEAD_BYTES + " bytes");
			}
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers
					.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							(name) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		boolean http10 = statusLine.startsWith("HTTP/1.0");
		List<String> connection = headers.getOrDefault("connection", List.of());
		boolean close = connection.stream().anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("close"));
		boolean keepAlive = connection.stream()
			.anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("keep-alive"));
		return new Head(status, headers, !close && (!http10 || keepAlive));
	}

	private static String readLine(Input in) throws IOException {
		String line = in.readLine(MAX_HEAD_BYTES);
		if (line == null) {
			throw new EOFException("the target closed the connection without answering");
		}
		return line;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing left to do with it.
		}
	}

	private record Head(int status, Map<String, List<String>> headers, boolean keepAlive) {

		String first(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	}

	private static final class Connection {

		final Socket socket;

		final Input in;

		final BufferedOutputStream out;

		/**
		 * Bodies pass through it: a fresh array per request was most of what the hop
		 * allocated.
		 */
		final byte[] scratch = new byte[16384];

		boolean reused;

		/** When it was last returned to the pool, from {@link System#nanoTime()}. */
		long idleSince;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new Input(socket.getInputStream());
			this.out = new BufferedOutputStream(socket.getOutputStream(), 16384);
		}

		void close() {
			closeQuietly(this.socket);
		}

	}

}
