package io.latticeshop.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server over real loopback sockets, with raw bytes on the wire so that framing,
 * keep-alive and refusals are what a client actually sees.
 */
class HttpServerTests {

	HttpServer server;

	/** What the handler saw, one line per request: method, path, query, body. */
	final List<String> seen = new CopyOnWriteArrayList<>();

	final List<Map<String, List<String>>> headersSeen = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.server = new HttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test", this::handle);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	/**
	 * {@code /echo} answers with the body, {@code /peek} reads three bytes of it,
	 * {@code /ignore} none, {@code /stream} answers without a length, {@code /empty} with
	 * 204, {@code /fail} throws.
	 */
	private void handle(Exchange exchange) throws IOException {
		this.headersSeen.add(exchange.headers());
		String path = exchange.rawPath();
		byte[] body = switch (path) {
			case "/peek" -> exchange.body().readNBytes(3);
			case "/ignore", "/empty" -> new byte[0];
			default -> exchange.body().readAllBytes();
		};
		this.seen.add(exchange.method() + " " + path + " " + exchange.rawQuery() + " "
				+ new String(body, StandardCharsets.UTF_8));
		Map<String, List<String>> headers = Map.of("Content-Type", List.of("text/plain"));
		switch (path) {
			case "/fail" -> throw new IllegalStateException("handler bug");
			case "/empty" -> exchange.respond(204, headers, -1).close();
			case "/stream" -> {
				try (OutputStream out = exchange.respond(200, headers, -1)) {
					out.write("first ".getBytes(StandardCharsets.UTF_8));
					out.write("second".getBytes(StandardCharsets.UTF_8));
				}
			}
			default -> {
				byte[] answer = (path + ":" + new String(body, StandardCharsets.UTF_8))
					.getBytes(StandardCharsets.UTF_8);
				try (OutputStream out = exchange.respond(200, headers, answer.length)) {
					out.write(answer);
				}
			}
		}
	}

	@Test
	void servesRequestAfterRequestOnOneConnection() throws IOException {
		try (Client client = connect()) {
			for (int i = 1; i <= 3; i++) {
				client.send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
				Response response = client.read();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.header("content-length")).isEqualTo("6");
				assertThat(response.header("connection")).isNull();
				assertThat(response.body()).isEqualTo("/echo:");
			}
			assertThat(this.seen).containsExactly("GET /echo n=1 ", "GET /echo n=2 ", "GET /echo n=3 ");
		}
	}

	@Test
	void headerNamesAreLowerCaseAndRepeatedHeadersKeepEveryValue() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Thing:  one \r\nx-thing: two\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
		}
		assertThat(this.headersSeen.get(0)).containsEntry("host", List.of("x"))
			.containsEntry("x-thing", List.of("one", "two"));
	}

	@Test
	void readsAChunkedBodyAndTheNextRequestAfterIt() throws IOException {
		try (Client client = connect()) {
			client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"
					+ "GET /echo?after HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().body()).isEqualTo("/echo:hello, world");
			assertThat(client.read().body()).isEqualTo("/echo:");
		}
		assertThat(this.seen).containsExactly("POST /echo null hello, world", "GET /echo after ");
	}

	@Test
	void skipsWhatTheHandlerLeftUnreadSoTheNextRequestParses() throws IOException {
		try (Client client = connect()) {
			client.send("POST /peek HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
			Response first = client.read();
			assertThat(first.body()).isEqualTo("/peek:012");
			assertThat(first.header("connection")).isNull();
			client.send("GET /echo?second HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().body()).isEqualTo("/echo:");
		}
		assertThat(this.seen).containsExactly("POST /peek null 012", "GET /echo second ");
	}

	@Test
	void closesRatherThanReadingALargeUnreadBody() throws IOException {
		try (Client client = connect()) {
			client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
			client.send("x".repeat(100_000));
			Response response = client.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(client.closedByServer()).isTrue();
		}
	}

	@Test
	void sendsContinueWhenTheHandlerStartsReadingTheBody() throws IOException {
		try (Client client = connect()) {
			client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
			Response interim = client.read();
			assertThat(interim.status()).isEqualTo(100);
			client.send("body");
			Response response = client.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("/echo:body");
		}
	}

	@Test
	void answersWithoutContinueAndClosesWhenTheHandlerIgnoresAnExpectedBody() throws IOException {
		try (Client client = connect()) {
			client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
			Response response = client.read();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(client.closedByServer()).isTrue();
		}
	}

	@Test
	void closesHttp10ConnectionsUnlessAskedToKeepThemAlive() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.0\r\n\r\n");
			Response response = client.read();
			assertThat(response.body()).isEqualTo("/echo:");
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(client.closedByServer()).isTrue();
		}
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			assertThat(client.read().header("connection")).isEqualTo("keep-alive");
			client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			Response unknownLength = client.readUntilClose();
			assertThat(unknownLength.header("transfer-encoding")).isNull();
			assertThat(unknownLength.header("content-length")).isNull();
			assertThat(unknownLength.body()).isEqualTo("first second");
		}
	}

	@Test
	void answersWithoutALengthInChunksOverHttp11() throws IOException {
		try (Client client = connect()) {
			client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
			Response response = client.read();
			assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
			assertThat(response.body()).isEqualTo("first second");
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().body()).isEqualTo("/echo:");
		}
	}

	@Test
	void headAnd204ResponsesCarryNoBody() throws IOException {
		try (Client client = connect()) {
			client.send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n");
			Response head = client.readHeadOnly();
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.header("content-length")).isNull();
			client.send("GET /empty HTTP/1.1\r\nHost: x\r\n\r\n");
			Response empty = client.readHeadOnly();
			assertThat(empty.status()).isEqualTo(204);
			assertThat(empty.header("content-length")).isNull();
			// Had a body gone out after either head, this would read it as a status line.
			client.send("GET /echo?last HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().body()).isEqualTo("/echo:");
		}
	}

	@Test
	void answersPipelinedRequestsInOrder() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo?1 HTTP/1.1\r\nHost: x\r\n\r\n"
					+ "POST /echo?2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
					+ "GET /stream?3 HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /echo?4 HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().body()).isEqualTo("/echo:");
			assertThat(client.read().body()).isEqualTo("/echo:abc");
			assertThat(client.read().body()).isEqualTo("first second");
			assertThat(client.read().body()).isEqualTo("/echo:");
		}
		assertThat(this.seen).containsExactly("GET /echo 1 ", "POST /echo 2 abc", "GET /stream 3 ", "GET /echo 4 ");
	}

	@Test
	void refusesAHeadLargerThan64KiBWith431() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
			for (int i = 0; i < 70; i++) {
				client.send("X-Filler-" + i + ": " + "f".repeat(1000) + "\r\n");
			}
			client.send("\r\n");
			Response response = client.read();
			assertThat(response.status()).isEqualTo(431);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(client.closedByServer()).isTrue();
		}
		assertThat(this.seen).isEmpty();
	}

	@Test
	void acceptsALargeHeadUnder64KiB() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(40_000) + "\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
		}
	}

	@Test
	void refusesGarbageWith400() throws IOException {
		try (Client client = connect()) {
			client.send("HELLO\r\n");
			Response response = client.read();
			assertThat(response.status()).isEqualTo(400);
			assertThat(client.closedByServer()).isTrue();
		}
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(400);
		}
		try (Client client = connect()) {
			client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(400);
		}
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aHandlerFailureBeforeTheResponseIs500() throws IOException {
		try (Client client = connect()) {
			client.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
			Response response = client.read();
			assertThat(response.status()).isEqualTo(500);
			assertThat(response.header("content-type")).startsWith("text/plain");
			assertThat(client.closedByServer()).isTrue();
		}
	}

	@Test
	void closeEndsIdleConnectionsAndStopsAccepting() throws IOException {
		try (Client client = connect()) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
			long started = System.nanoTime();
			this.server.close();
			assertThat(client.closedByServer()).isTrue();
			assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
		}
		assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
	}

	@Test
	void closesConnectionsThatStayIdleSilently() throws IOException {
		try (HttpServer impatient = impatient(); Client client = connect(impatient)) {
			client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
			assertClosedAfterTheIdleTimeout(client);
		}
	}

	@Test
	void closesTheConnectionOfAClientThatStallsHalfWayThroughItsBody() throws IOException {
		try (HttpServer impatient = impatient(); Client client = connect(impatient)) {
			client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
			assertClosedAfterTheIdleTimeout(client);
		}
		assertThat(this.seen).isEmpty();
	}

	/** A started server that closes connections whose client sent nothing for 300 ms. */
	private HttpServer impatient() throws IOException {
		HttpServer server = new HttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "idle",
				this::handle, Duration.ofMillis(300));
		server.start();
		return server;
	}

	private static void assertClosedAfterTheIdleTimeout(Client client) throws IOException {
		long started = System.nanoTime();
		assertThat(client.closedByServer()).isTrue();
		assertThat(System.nanoTime() - started).isBetween(200_000_000L, 3_000_000_000L);
	}

	private Client connect() throws IOException {
		return connect(this.server);
	}

	private static Client connect(HttpServer server) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
		socket.setSoTimeout(5000);
		return new Client(socket);
	}

	record Response(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name);
		}

	}

	/** Writes raw bytes and reads responses by hand, trusting nothing the server says. */
	static final class Client implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		Client(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
		}

		void send(String text) throws IOException {
			this.socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
			this.socket.getOutputStream().flush();
		}

		Response readHeadOnly() throws IOException {
			return readHead();
		}

		Response read() throws IOException {
			Response head = readHead();
			if (head.status() < 200) {
				return head;
			}
			if ("chunked".equals(head.header("transfer-encoding"))) {
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				int size;
				while ((size = Integer.parseInt(line(), 16)) > 0) {
					body.write(this.in.readNBytes(size));
					assertThat(line()).isEmpty();
				}
				assertThat(line()).isEmpty();
				return new Response(head.status(), head.headers(), body.toString(StandardCharsets.UTF_8));
			}
			int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
			byte[] body = this.in.readNBytes(length);
			assertThat(body).hasSize(length);
			return new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
		}

		Response readUntilClose() throws IOException {
			Response head = readHead();
			return new Response(head.status(), head.headers(),
					new String(this.in.readAllBytes(), StandardCharsets.UTF_8));
		}

		/** Whether the server closed the connection with nothing more to say. */
		boolean closedByServer() throws IOException {
			return this.in.read() < 0;
		}

		private Response readHead() throws IOException {
			String statusLine = line();
			assertThat(statusLine).startsWith("HTTP/1.1 ");
			Map<String, String> headers = new LinkedHashMap<>();
			List<String> names = new ArrayList<>();
			String line;
			while (!(line = line()).isEmpty()) {
				int colon = line.indexOf(':');
				String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
				assertThat(names).as("header %s sent twice", name).doesNotContain(name);
				names.add(name);
				headers.put(name, line.substring(colon + 1).strip());
			}
			return new Response(Integer.parseInt(statusLine.substring(9, 12)), headers, "");
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = this.in.read()) != '\n') {
				if (c < 0) {
					throw new IOException("connection closed after '" + line + "'");
				}
				line.append((char) c);
			}
			assertThat(line).endsWith("\r");
			return line.substring(0, line.length() - 1);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
