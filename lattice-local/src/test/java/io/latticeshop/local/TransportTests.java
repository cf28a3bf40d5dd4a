package io.latticeshop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.server.NettyRuntime.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same hop on each of Netty's transports lattice-local may run on: a signed call
 * whose megabyte of response streams back to a client that reads slowly, an HTTP/2 call,
 * refused calls whose small bodies arrive with their heads, and a refused call whose
 * unread body closes the connection. A transport that does not load on the machine
 * running the tests (io_uring in a container whose seccomp profile forbids it) is
 * reported as skipped.
 */
class TransportTests {

	private static final int RESPONSE_BYTES = 1024 * 1024;

	@TempDir
	Path dir;

	HttpServer target;

	LatticeLocal local;

	final SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");

	static Stream<Transport> transports() {
		return Arrays.stream(Transport.values());
	}

	@AfterEach
	void stop() {
		if (this.local != null) {
			this.local.close();
		}
		if (this.target != null) {
			this.target.stop(0);
		}
	}

	URI start(Transport transport) throws IOException {
		assumeTrue(transport.available(),
				() -> transport.label() + " does not load here: " + transport.unavailableBecause());
		this.target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.target.createContext("/", (exchange) -> {
			byte[] chunk = new byte[8192];
			Arrays.fill(chunk, (byte) 'x');
			exchange.sendResponseHeaders(200, RESPONSE_BYTES);
			try (OutputStream body = exchange.getResponseBody()) {
				for (int sent = 0; sent < RESPONSE_BYTES; sent += chunk.length) {
					body.write(chunk);
				}
			}
		});
		this.target.start();
		Path binding = TestBindings.erpServiceTo(this.dir, this.target.getAddress().getPort(), "5s");
		this.local = LatticeLocal.builder(binding).admin("none").transport(transport).start();
		return this.local.endpoint("erp-service");
	}

	@ParameterizedTest
	@MethodSource("transports")
	void aSignedCallsLargeResponseReachesASlowReader(Transport transport) throws Exception {
		URI endpoint = start(transport);
		HttpResponse<InputStream> response = this.webServer.httpClient()
			.send(this.webServer.request("GET", endpoint.resolve("/api/customers/C-1001"), null, null),
					HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		long read = 0;
		byte[] buffer = new byte[4096];
		try (InputStream body = response.body()) {
			for (int n; (n = body.read(buffer)) >= 0;) {
				read += n;
				if (read < 256 * 1024) {
					// Slower than the target writes: lattice-local must stop reading it.
					Thread.sleep(1);
				}
			}
		}
		assertThat(read).isEqualTo(RESPONSE_BYTES);
	}

	@ParameterizedTest
	@MethodSource("transports")
	void anHttp2CallIsAnsweredInHttp2(Transport transport) throws Exception {
		URI endpoint = start(transport);
		SignedClient http2 = new SignedClient(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(5))
			.build(), "us-east-1", "AKIAWEB", "web-secret");
		for (int i = 0; i < 3; i++) {
			HttpResponse<byte[]> response = http2.httpClient()
				.send(http2.request("GET", endpoint.resolve("/api/customers/C-100" + i), null, null),
						HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.body()).hasSize(RESPONSE_BYTES);
		}
	}

	@ParameterizedTest
	@MethodSource("transports")
	void refusedCallsWithSmallBodiesAreAnsweredOnFreshConnections(Transport transport) throws Exception {
		URI endpoint = start(transport);
		SignedClient anonymous = new SignedClient(SignedClient.http(), "us-east-1", null, null);
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = anonymous.send("POST", endpoint.resolve("/api/customers/C-100" + i),
					"application/json", "{}");
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("connection")).hasValue("close");
		}
	}

	@ParameterizedTest
	@MethodSource("transports")
	void aRefusedCallWithALargeUnreadBodyIsAnsweredAndTheConnectionClosed(Transport transport) throws Exception {
		URI endpoint = start(transport);
		try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/customers/C-1001 HTTP/1.1\r\nHost: " + endpoint.getAuthority()
					+ "\r\nContent-Length: 10000000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// The client keeps sending its body while the answer is read.
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				byte[] chunk = new byte[16 * 1024];
				try {
					for (int i = 0; i < 10_000_000 / chunk.length; i++) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// Closed by lattice-local, as it should be.
				}
			});
			byte[] answer = socket.getInputStream().readAllBytes();
			assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 403 ")
				.contains("connection: close");
			sending.cancel(true);
		}
	}

}
