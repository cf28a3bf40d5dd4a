package io.latticeshop.lattice.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server that records each request exactly as it arrived on the
 * socket, so that signatures are checked against the bytes a verifier would see rather
 * than against the client's own view of the request.
 */
final class RawHttpServer implements AutoCloseable {

	record Received(String method, String target, List<String[]> headers, byte[] body) {

		String header(String name) {
			return this.headers.stream()
				.filter((h) -> h[0].equalsIgnoreCase(name))
				.map((h) -> h[1])
				.findFirst()
				.orElse(null);
		}

	}

	private final ServerSocket socket;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final int status;

	private final String responseBody;

	private final Thread acceptor;

	RawHttpServer(int status, String responseBody) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.status = status;
		this.responseBody = responseBody;
		this.acceptor = Thread.ofVirtual().start(this::serve);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/** How many requests arrived that no one has taken yet. */
	int waiting() {
		return this.received.size();
	}

	Received take() throws InterruptedException {
		Received request = this.received.poll(10, TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("no request arrived");
		}
		return request;
	}

	private void serve() {
		while (!this.socket.isClosed()) {
			try (Socket client = this.socket.accept()) {
				this.received.add(read(client.getInputStream()));
				byte[] body = this.responseBody.getBytes(StandardCharsets.UTF_8);
				OutputStream out = client.getOutputStream();
				out.write(("HTTP/1.1 " + this.status + " X\r\nContent-Type: application/json\r\nContent-Length: "
						+ body.length + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// closed while accepting: the test is over
			}
		}
	}

	private static Received read(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed in the request head");
			}
			head.write(b);
			matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
		String[] requestLine = lines[0].split(" ");
		List<String[]> headers = new ArrayList<>();
		int contentLength = 0;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).strip();
			String value = lines[i].substring(colon + 1).strip();
			headers.add(new String[] { name, value });
			if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
				contentLength = Integer.parseInt(value);
			}
		}
		return new Received(requestLine[0], requestLine[1], headers, in.readNBytes(contentLength));
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.acceptor.interrupt();
	}

}
