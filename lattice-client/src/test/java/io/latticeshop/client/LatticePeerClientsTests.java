package io.latticeshop.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
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
	void notFoundIsLeftToTheCaller() throws Exception {
		try (RawHttpServer peer = new RawHttpServer(404, "{}")) {
			RestClient client = client(peer.baseUrl(), Duration.ofSeconds(2));

			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client.get().uri("/x").retrieve().toBodilessEntity());
		}
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
		return new LatticePeerClients(properties(url, readTimeout), null).configure("erp", RestClient.builder())
			.build();
	}

	private static LatticeProperties properties(String url, Duration readTimeout) {
		return new LatticeProperties("us-east-1", false, Duration.ofSeconds(1), readTimeout,
				Map.of("erp", new LatticeProperties.Peer(URI.create(url), null, null)));
	}

}
