package io.latticeshop.lattice.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LatticePeerClientsTests {

	@Test
	void refusedConnectionIsUnreachable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		RestClient client = client("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2));

		assertThatExceptionOfType(PeerCallException.class)
			.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
			.satisfies((ex) -> {
				assertThat(ex.peer()).isEqualTo("erp");
				assertThat(ex.failure()).isEqualTo(PeerCallException.Failure.UNREACHABLE);
				assertThat(ex.failure().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getMessage()).contains("erp");
			});
	}

	@Test
	void silentPeerTimesOutAfterTheReadTimeout() throws Exception {
		// Accepts connections (the backlog does) but never answers.
		try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			RestClient client = client("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300));
			long started = System.nanoTime();

			assertThatExceptionOfType(PeerCallException.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(PeerCallException.Failure.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void aPeerThatDripsItsBodyTimesOutAtTheCallsDeadline() throws Exception {
		// Each byte comes well within the read timeout; the whole body never would.
		try (ServerSocket dripping = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> drip(dripping));
			RestClient client = client("http://127.0.0.1:" + dripping.getLocalPort(), Duration.ofMillis(500));
			long started = System.nanoTime();

			// Jackson's parser wraps what its input throws; the failure is in the chain.
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().body(Map.class))
				.satisfies((ex) -> assertThat(PeerCallException.in(ex)).hasValueSatisfying((peer) -> {
					assertThat(peer.failure()).isEqualTo(PeerCallException.Failure.TIMEOUT);
					assertThat(peer.getMessage()).contains("no complete answer within 1500 ms");
				}));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		}
	}

	private static void drip(ServerSocket server) {
		try (Socket socket = server.accept()) {
			socket.getInputStream().read(new byte[4096]);
			OutputStream out = socket.getOutputStream();
			// JSON, so that the deadline has to come through Jackson's parser.
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 106\r\n\r\n{\"a\":\""
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			for (int i = 0; i < 100; i++) {
				Thread.sleep(200);
				out.write('x');
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client gave up and closed the connection: what the test expects.
		}
	}

	@Test
	void peerThatCannotTakeTheConnectionTimesOutAfterTheConnectTimeout() throws Exception {
		// A listener that never accepts: once its backlog is full, the kernel drops
		// further SYNs and the next connect waits until the connect timeout.
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> queued = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					Socket socket = new Socket();
					try {
						socket.connect(full.getLocalSocketAddress(), 200);
						queued.add(socket);
					}
					catch (IOException ex) {
						// Timed out: the backlog is full.
						socket.close();
						break;
					}
				}
				RestClient client = client("http://127.0.0.1:" + full.getLocalPort(), Duration.ofSeconds(5));
				long started = System.nanoTime();

				assertThatExceptionOfType(PeerCallException.class)
					.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
					.satisfies((ex) -> {
						assertThat(ex.failure()).isEqualTo(PeerCallException.Failure.TIMEOUT);
						assertThat(ex.getMessage()).contains("connect timed out");
					});
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	@Test
	void latticeDenialIsRefusedWithTheReason() throws Exception {
		try (RawHttpServer lattice = new RawHttpServer(403,
				"AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke")) {
			RestClient client = client(lattice.baseUrl(), Duration.ofSeconds(2));

			assertThatExceptionOfType(PeerCallException.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
				.satisfies((ex) -> {
					assertThat(ex.failure()).isEqualTo(PeerCallException.Failure.REFUSED);
					assertThat(ex.peerStatus().value()).isEqualTo(403);
					assertThat(ex.getMessage()).contains("AccessDeniedException");
				});
		}
	}

	@Test
	void serverErrorIsFailed() throws Exception {
		try (RawHttpServer broken = new RawHttpServer(500, "{\"title\":\"boom\"}")) {
			RestClient client = client(broken.baseUrl(), Duration.ofSeconds(2));

			assertThatExceptionOfType(PeerCallException.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
				.satisfies((ex) -> assertThat(ex.failure().status()).isEqualTo(HttpStatus.BAD_GATEWAY));
		}
	}

	@Test
	void lattice503And504AndAPeers429AreUnavailableAndTimeoutNotFailed() throws Exception {
		for (int[] answer : new int[][] { { 503, 503 }, { 429, 503 }, { 504, 504 } }) {
			try (RawHttpServer peer = new RawHttpServer(answer[0], "{}")) {
				RestClient client = client(peer.baseUrl(), Duration.ofSeconds(2));

				assertThatExceptionOfType(PeerCallException.class)
					.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity())
					.satisfies((ex) -> {
						assertThat(ex.failure().status().value()).as("answered %d", answer[0]).isEqualTo(answer[1]);
						assertThat(ex.peerStatus().value()).isEqualTo(answer[0]);
					});
			}
		}
	}

	@Test
	void notFoundIsLeftToTheCaller() throws Exception {
		try (RawHttpServer peer = new RawHttpServer(404, "{}")) {
			RestClient client = client(peer.baseUrl(), Duration.ofSeconds(2));

			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity());
		}
	}

	@Test
	void callsShareAKeptAliveConnectionAndBodiesArriveWhole() throws Exception {
		HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
		List<String> bodies = new CopyOnWriteArrayList<>();
		peer.createContext("/", (exchange) -> {
			clientPorts.add(exchange.getRemoteAddress().getPort());
			bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		peer.start();
		try (LatticePeerClients clients = new LatticePeerClients(
				properties("http://127.0.0.1:" + peer.getAddress().getPort(), Duration.ofSeconds(2)), null)) {
			RestClient client = clients.configure("erp", RestClient.builder()).build();
			for (int i = 0; i < 5; i++) {
				String answer = client.post()
					.uri("/orders")
					.contentType(MediaType.APPLICATION_JSON)
					.body("{\"n\":" + i + "}")
					.retrieve()
					.body(String.class);
				assertThat(answer).isEqualTo("{\"ok\":true}");
			}
		}
		finally {
			peer.stop(0);
		}
		assertThat(bodies).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
		assertThat(clientPorts).as("one connection for all five calls").hasSize(1);
	}

	@Test
	void aPeersCookieIsNeverSentBack() throws Exception {
		HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		List<String> cookies = new CopyOnWriteArrayList<>();
		peer.createContext("/", (exchange) -> {
			cookies.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
			exchange.getResponseHeaders().set("Set-Cookie", "session=abc; Path=/");
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		peer.start();
		try (LatticePeerClients clients = new LatticePeerClients(
				properties("http://127.0.0.1:" + peer.getAddress().getPort(), Duration.ofSeconds(2)), null)) {
			RestClient client = clients.configure("erp", RestClient.builder()).build();
			client.get().uri("/first").retrieve().toBodilessEntity();
			client.get().uri("/second").retrieve().toBodilessEntity();
		}
		finally {
			peer.stop(0);
		}
		assertThat(cookies).containsExactly("null", "null");
	}

	@Test
	void anHttpsPeerIsCalledOverTlsThroughTheSharedContext() throws Exception {
		AtomicInteger upgrades = new AtomicInteger();
		PeerTls tls = new PeerTls(() -> {
			PeerTls real = PeerTls.httpClientDefault();
			return (socket, target, port, attachment, context) -> {
				upgrades.incrementAndGet();
				return real.upgrade(socket, target, port, attachment, context);
			};
		});
		try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			RestClient client = client("https://127.0.0.1:" + peer.getLocalPort(), Duration.ofSeconds(2), tls);
			Thread caller = Thread.ofVirtual().start(() -> {
				try {
					client.get().uri("/x").retrieve().toBodilessEntity();
				}
				catch (RuntimeException expected) {
					// the handshake is cut short below
				}
			});
			try (Socket connection = peer.accept()) {
				connection.setSoTimeout(10_000);
				// 0x16: a TLS handshake record, the client hello.
				assertThat(connection.getInputStream().read()).isEqualTo(0x16);
			}
			caller.join(Duration.ofSeconds(10));
		}
		assertThat(upgrades).hasValue(1);
	}

	@Test
	void httpPeersNeverBuildATlsContext() throws Exception {
		AtomicInteger built = new AtomicInteger();
		PeerTls tls = new PeerTls(() -> {
			built.incrementAndGet();
			return PeerTls.httpClientDefault();
		});
		try (RawHttpServer peer = new RawHttpServer(404, "{}")) {
			RestClient client = client(peer.baseUrl(), Duration.ofSeconds(2), tls);

			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity());
		}
		assertThat(built).hasValue(0);
	}

	@Test
	void anHttpsPeerHasItsTlsContextBuiltBeforeTheFirstCall() throws Exception {
		CountDownLatch built = new CountDownLatch(1);
		PeerTls tls = new PeerTls(() -> {
			built.countDown();
			return PeerTls.httpClientDefault();
		});

		new LatticePeerClients(properties("https://127.0.0.1:1", Duration.ofSeconds(1)), null, tls);

		assertThat(built.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void unknownPeerNameIsAClearError() {
		LatticePeerClients clients = new LatticePeerClients(properties("http://127.0.0.1:1", Duration.ofSeconds(1)),
				null);

		assertThat(clients.isPeer("erp")).isTrue();
		assertThat(clients.isPeer("billing")).isFalse();
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> clients.configure("billing", RestClient.builder()))
			.withMessageContaining("lattice.peers.billing.url");
	}

	private static RestClient client(String url, Duration readTimeout) {
		return client(url, readTimeout, PeerTls.httpClientDefault());
	}

	private static RestClient client(String url, Duration readTimeout, PeerTls tls) {
		return new LatticePeerClients(properties(url, readTimeout), null, tls).configure("erp", RestClient.builder())
			.build();
	}

	private static LatticeProperties properties(String url, Duration readTimeout) {
		return new LatticeProperties("us-east-1", false, Duration.ofSeconds(1), readTimeout, 100,
				Map.of("erp", new LatticeProperties.Peer(URI.create(url), null, null)));
	}

}
