package io.latticeshop.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@code 201} promises: a burst of keyed orders, the web server killed with
 * SIGKILL in the middle of it, a restart on the same database; every order that was
 * acknowledged is there, and every key, retried, answers with its one order.
 */
@ExtendWith(Shop.class)
class DurabilityIT {

	private static final String ORDER = """
			{"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":1}]}""";

	private static final int BURST = 200;

	private static final int KILL_AFTER = 80;

	private static final int CLIENTS = 4;

	@Test
	void everyOrderAcknowledgedBeforeAKillIsThereAfterTheRestartAndEveryKeyFindsItsOrder() throws Exception {
		Shop shop = Shop.get();
		String run = UUID.randomUUID().toString();
		Map<String, String> acknowledged = new ConcurrentHashMap<>();
		CountDownLatch enough = new CountDownLatch(KILL_AFTER);
		AtomicInteger next = new AtomicInteger();
		try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
			for (int c = 0; c < CLIENTS; c++) {
				clients.submit(() -> {
					for (int i = next.getAndIncrement(); i < BURST; i = next.getAndIncrement()) {
						String key = run + "-" + i;
						HttpResponse<String> placed = place(key);
						if (placed.statusCode() == 201) {
							acknowledged.put(key, location(placed));
							enough.countDown();
						}
					}
				});
			}
			assertThat(enough.await(120, TimeUnit.SECONDS)).as("%d orders acknowledged", KILL_AFTER).isTrue();
			shop.killWebServer();
			clients.shutdown();
			assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			shop.startWebServer();
			// Lattice routes only to healthy targets: leave the shop as the other suites
			// expect it.
			shop.awaitTargetHealthy(Shop.WEB_DIRECT);
		}
		assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER).hasSizeLessThan(BURST);

		List<String> lost = new ArrayList<>();
		acknowledged.forEach((key, location) -> {
			if (Http.get(Shop.WEB_DIRECT + location).statusCode() != 200) {
				lost.add(key + " " + location);
			}
		});
		assertThat(lost).as("acknowledged orders missing after kill -9").isEmpty();

		for (int i = 0; i < BURST; i++) {
			String key = run + "-" + i;
			HttpResponse<String> retried = place(key);
			assertThat(retried.statusCode()).as("%s: %s", key, retried.body()).isEqualTo(201);
			if (acknowledged.containsKey(key)) {
				assertThat(location(retried)).as(key).isEqualTo(acknowledged.get(key));
				assertThat(retried.headers().firstValue("Idempotent-Replayed")).as(key).hasValue("true");
			}
		}
	}

	private static HttpResponse<String> place(String key) {
		return Http.postJson(Shop.WEB_DIRECT + "/api/orders", ORDER, "Idempotency-Key", key);
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElseThrow();
	}

}
