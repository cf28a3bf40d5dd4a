package io.latticeshop.lattice.client;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class PeerTlsTests {

	private final AtomicInteger built = new AtomicInteger();

	private final AtomicInteger upgrades = new AtomicInteger();

	/** Stands in for HttpClient's strategy: counts how often it is built and used. */
	private TlsSocketStrategy recordingStrategy() {
		this.built.incrementAndGet();
		return (socket, target, port, attachment, context) -> {
			this.upgrades.incrementAndGet();
			return null;
		};
	}

	@Test
	void nothingIsBuiltUntilAConnectionNeedsIt() throws Exception {
		PeerTls tls = new PeerTls(this::recordingStrategy);
		assertThat(this.built).hasValue(0);

		tls.upgrade(new Socket(), "erp.example", 443, null, null);
		tls.upgrade(new Socket(), "erp.example", 443, null, null);

		assertThat(this.built).hasValue(1);
		assertThat(this.upgrades).hasValue(2);
	}

	@Test
	void prepareInBackgroundBuildsItBeforeAnyCall() throws Exception {
		PeerTls tls = new PeerTls(this::recordingStrategy);

		tls.prepareInBackground();

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.built.get() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(this.built).hasValue(1);
		tls.upgrade(new Socket(), "erp.example", 443, null, null);
		assertThat(this.built).hasValue(1);
	}

	@Test
	void connectionsThatArriveWhileItIsBuiltWaitForTheOneContext() throws Exception {
		CountDownLatch building = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		PeerTls tls = new PeerTls(() -> {
			building.countDown();
			release.await();
			return recordingStrategy();
		});
		tls.prepareInBackground();
		assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();

		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<SSLSocket>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(callers.submit(() -> tls.upgrade(new Socket(), "erp.example", 443, null, null)));
			}
			Thread.sleep(Duration.ofMillis(100));
			assertThat(calls).noneMatch(Future::isDone);
			release.countDown();
			for (Future<SSLSocket> call : calls) {
				call.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(this.built).hasValue(1);
		assertThat(this.upgrades).hasValue(4);
	}

	@Test
	void aContextThatCannotBeBuiltFailsTheConnectionWithTheReason() {
		PeerTls tls = new PeerTls(() -> {
			throw new GeneralSecurityException("no trust store");
		});

		assertThatIOException().isThrownBy(() -> tls.upgrade(new Socket(), "erp.example", 443, null, null))
			.withMessageContaining("TLS context for Lattice peers")
			.withMessageContaining("no trust store");
	}

	@Test
	void theDefaultIsHttpClientsOwnStrategy() throws IOException {
		// Building it for real: the JDK's trust store must load.
		PeerTls tls = PeerTls.httpClientDefault();
		tls.prepareInBackground();
		try (Socket unconnected = new Socket()) {
			// An unconnected socket cannot be upgraded; the failure comes from the real
			// strategy, past the context.
			assertThatIOException().isThrownBy(() -> tls.upgrade(unconnected, "erp.example", 443, null, null))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("TLS context for Lattice peers"));
		}
	}

}
