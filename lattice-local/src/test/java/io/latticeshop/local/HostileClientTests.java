package io.latticeshop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.server.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stranger on the same machine can send to a service endpoint, over a real socket:
 * every request gets a 4xx or a closed connection within the limits, never a 5xx, a hang
 * or a stopped port, and signed calls go on being answered. Limits are small here so that
 * each case finishes in a second or two.
 */
class HostileClientTests {

	static final Limits LIMITS = Limits.DEFAULTS.withMaxConnections(40)
		.withDeadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), 1024);

	@TempDir
	Path dir;

	HttpServer target;

	LatticeLocal local;

	// The value of x-folded as the target received it.
	volatile String folded;

	URI endpoint;

	final SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");

	@BeforeEach
	void start() throws IOException {
		this.target = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		this.target.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			if (exchange.getRequestHeaders().containsKey("x-folded")) {
				this.folded = exchange.getRequestHeaders().getFirst("x-folded");
			}
			byte[] body = ("target saw " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.target.start();
		Path binding = TestBindings.erpServiceTo(this.dir, this.target.getAddress().getPort(), "2s");
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(binding), LIMITS);
		this.endpoint = URI.create("http://127.0.0.1:" + this.local.addresses().get("erp-service").getPort());
	}

	@AfterEach
	void stop() {
		this.local.close();
		this.target.stop(0);
	}

	@Test
	void aHeadOfThousandsOfRepeatedHeaderNamesIs431AndCostsNothingLater() throws Exception {
		StringBuilder head = new StringBuilder("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\n");
		while (head.length() < 48 * 1024) {
			head.append("a:\r\n");
		}
		head.append("\r\n");
		for (int i = 0; i < 8; i++) {
			assertThat(raw(head.toString())).startsWith("HTTP/1.1 431 ");
		}
		assertSignedCallsAreAnswered();
	}

	@Test
	void aHeadOverItsSizeIs431AndARequestLineOverItsSizeIs414() throws Exception {
		String big = "x-big: " + "b".repeat(70 * 1024) + "\r\n";
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\n" + big + "\r\n"))
			.startsWith("HTTP/1.1 431 ");
		assertThat(raw("GET /api/customers/" + "c".repeat(9000) + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n"))
			.startsWith("HTTP/1.1 414 ");
	}

	@Test
	void connectionsBeyondTheCapAreClosedAndTheRestAreServed() throws Exception {
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < LIMITS.maxConnections() + 5; i++) {
				held.add(new Socket("127.0.0.1", this.endpoint.getPort()));
			}
			List<Socket> open = new ArrayList<>();
			int closed = 0;
			for (Socket socket : held) {
				socket.setSoTimeout(300);
				try {
					if (socket.getInputStream().read() == -1) {
						closed++;
						continue;
					}
				}
				catch (java.net.SocketTimeoutException stillOpen) {
					open.add(socket);
				}
			}
			assertThat(closed).isEqualTo(5);
			Socket kept = open.get(0);
			kept.setSoTimeout(5000);
			kept.getOutputStream()
				.write(("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(kept.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
				.isEqualTo("HTTP/1.1 403");
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		assertSignedCallsAreAnswered();
	}

	@Test
	void aHeadSentAByteAtATimeIs408WithinTheHeadDeadline() throws Exception {
		long started = System.nanoTime();
		String answer = trickle(
				("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\n").getBytes(StandardCharsets.US_ASCII),
				new byte[0]);
		assertThat(answer).startsWith("HTTP/1.1 408 ").contains("head did not arrive");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void aTricklingBodyIs408AndTheConnectionCloses() throws Exception {
		HttpRequest signed = this.webServer.request("GET", this.endpoint.resolve("/api/customers/C-1001"), null, null);
		String answer = trickle(head("GET", "/api/customers/C-1001", signed, "Content-Length: 1000\r\n"),
				new byte[1000]);
		assertThat(answer).startsWith("HTTP/1.1 408 ").contains("connection: close").contains("slower than");
		assertSignedCallsAreAnswered();
	}

	@Test
	void aTrailerOfMoreFieldsThanAHeadMayHaveIs431AndNeverReachesTheTarget() throws Exception {
		HttpRequest signed = this.webServer.request("GET", this.endpoint.resolve("/api/customers/C-1001"), null, null);
		String trailer = "x-t: 1\r\n".repeat(HostileClientTests.LIMITS.maxHeaderCount() + 1);
		String answer = raw(new String(head("GET", "/api/customers/C-1001", signed, "Transfer-Encoding: chunked\r\n"),
				StandardCharsets.US_ASCII) + "5\r\nhello\r\n0\r\n" + trailer + "\r\n");
		assertThat(answer).startsWith("HTTP/1.1 431 ").contains("connection: close").doesNotContain("target saw");
		assertSignedCallsAreAnswered();
	}

	/**
	 * Sends {@code head}, all at once when a {@code body} follows and a byte every 100 ms
	 * otherwise, then the body a byte every 100 ms, and returns what the endpoint answers
	 * meanwhile.
	 */
	private String trickle(byte[] head, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.endpoint.getPort())) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			byte[] all = new byte[head.length + body.length];
			System.arraycopy(head, 0, all, 0, head.length);
			int sent = (body.length > 0) ? head.length : 0;
			out.write(all, 0, sent);
			socket.setSoTimeout(100);
			while (sent < all.length) {
				out.write(all[sent++]);
				out.flush();
				try {
					int first = in.read();
					if (first < 0) {
						return "";
					}
					socket.setSoTimeout(5000);
					return (char) first + readAll(in);
				}
				catch (java.net.SocketTimeoutException nothingYet) {
					// keep trickling
				}
			}
			socket.setSoTimeout(5000);
			return readAll(in);
		}
	}

	@Test
	void aRefusalWithALargeUnreadBodyClosesTheConnectionInsteadOfReadingIt() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.endpoint.getPort())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write(("POST /api/customers/C-1001 HTTP/1.1\r\nHost: " + host()
						+ "\r\nContent-Length: 100000000\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 403 ").contains("connection: close");
		}
	}

	@Test
	void pathsAndHostsTheSignerCannotParseAre400NotA500() throws Exception {
		for (String path : List.of("/a|b", "/a\\b", "/a{b", "/a}b", "/a\"b", "/a<b", "/a>b", "/a^b", "/a`b")) {
			assertThat(raw("GET " + path + " HTTP/1.1\r\nHost: " + host()
					+ "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAWEB/20260101/us-east-1/vpc-lattice-svcs/aws4_request, "
					+ "SignedHeaders=host, Signature=00\r\n\r\n"))
				.as(path)
				.startsWith("HTTP/1.1 400 ");
		}
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost: [::1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
	}

	@Test
	void pathsNotInNormalFormAndMethodsNotInUpperCaseAre400BeforeAnyPolicy() throws Exception {
		for (String path : List.of("/%61pi/customers/C-1001", "//api/customers/C-1001", "/x/../api/customers/C-1001",
				"/api/./customers/C-1001", "/api%2Fcustomers/C-1001", "/api%5ccustomers/C-1001",
				"/api/customers/%2e%2e/x", "/api/customers/C-1001%")) {
			HttpResponse<String> response = this.webServer.send("GET", this.endpoint.resolve("/"), null, null);
			assertThat(response.statusCode()).isNotEqualTo(500);
			String answer = raw(String.join("\r\n", signedLines("GET", path)) + "\r\n\r\n");
			assertThat(answer).as(path).startsWith("HTTP/1.1 400 ").doesNotContain("target saw");
		}
		String lower = raw(String.join("\r\n", signedLines("get", "/api/customers/C-1001")) + "\r\n\r\n");
		assertThat(lower).startsWith("HTTP/1.1 400 ").contains("is not upper case");
	}

	@Test
	void aRequestSignedForAnotherServiceIsRefused() throws Exception {
		HttpRequest forOther = this.webServer.request("GET", URI.create(
				"http://web-server-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-east-1.on.aws/api/customers/C-1001"),
				null, null);
		String answer = raw(new String(head("GET", "/api/customers/C-1001", forOther, ""), StandardCharsets.US_ASCII));
		assertThat(answer).startsWith("HTTP/1.1 421 ").doesNotContain("target saw");
	}

	@Test
	void aMissingOrRepeatedHostOrAControlCharacterOrABareLineFeedIs400() throws Exception {
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\nHost: " + host() + "\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\nx-a: \u0001value\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\nx-a: value\u0001\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\nHost: " + host() + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
		assertSignedCallsAreAnswered();
	}

	@Test
	void aContentLengthThatIsNoNumberIs400NotASilentClose() throws Exception {
		for (String length : List.of("abc", "99999999999999999999", "5, 5", "-1", "+5")) {
			assertThat(raw("POST /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + length
					+ "\r\n\r\nhello"))
				.as(length)
				.startsWith("HTTP/1.1 400 ")
				.contains("connection: close");
		}
		assertSignedCallsAreAnswered();
	}

	@Test
	void aRequestLineWithAVersionOtherThanHttp1Is505() throws Exception {
		for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTP/3.7")) {
			assertThat(raw("GET /api/customers/C-1001 " + version + "\r\nHost: " + host() + "\r\n\r\n")).as(version)
				.startsWith("HTTP/1.1 505 ")
				.doesNotContain("target saw");
		}
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.0\r\nHost: " + host() + "\r\n\r\n"))
			.startsWith("HTTP/1.1 403 ");
	}

	@Test
	void aFoldedHeaderReachesPoliciesAndTheTargetUnfolded() throws Exception {
		// RFC 9112 5.2: a server may replace each obs-fold with a space before
		// interpreting or forwarding the field, which Netty's decoder does; the target
		// is sent the same one-line value the policies saw.
		String answer = raw(String.join("\r\n", signedLines("GET", "/api/customers/C-1001"))
				+ "\r\nx-folded: a\r\n b\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200 ").contains("target saw /api/customers/C-1001");
		assertThat(this.folded).isEqualTo("a b");
		// Folded framing is refused.
		assertThat(raw("GET /api/customers/C-1001 HTTP/1.1\r\nHost:\r\n " + host() + "\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
		assertThat(raw(
				"POST /api/customers/C-1001 HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length:\r\n 5\r\n\r\nhello"))
			.startsWith("HTTP/1.1 400 ");
		assertThat(raw("POST /api/customers/C-1001 HTTP/1.1\r\nHost: " + host()
				+ "\r\nTransfer-Encoding:\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
			.startsWith("HTTP/1.1 400 ");
	}

	private void assertSignedCallsAreAnswered() throws Exception {
		HttpResponse<String> response = this.webServer.send("GET", this.endpoint.resolve("/api/customers/C-1001"), null,
				null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("target saw /api/customers/C-1001");
	}

	/** A signed request's lines with its path replaced after signing. */
	private List<String> signedLines(String method, String path) {
		HttpRequest signed = this.webServer.request("GET", this.endpoint.resolve("/api/customers/C-1001"), null, null);
		List<String> lines = new ArrayList<>();
		lines.add(method + " " + path + " HTTP/1.1");
		lines.add("Host: " + host());
		signed.headers().map().forEach((name, values) -> values.forEach((value) -> lines.add(name + ": " + value)));
		return lines;
	}

	private byte[] head(String method, String path, HttpRequest signed, String extra) {
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		head.append("Host: ").append(signed.uri().getAuthority()).append("\r\n");
		signed.headers()
			.map()
			.forEach((name, values) -> values.forEach((value) -> head.append(name + ": " + value + "\r\n")));
		return head.append(extra).append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
	}

	private String host() {
		return "127.0.0.1:" + this.endpoint.getPort();
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.endpoint.getPort())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return readAll(socket.getInputStream());
		}
	}

	private static String readAll(InputStream in) throws IOException {
		try {
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (java.net.SocketException reset) {
			return "";
		}
	}

}
