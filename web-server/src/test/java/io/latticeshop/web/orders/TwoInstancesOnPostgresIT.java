package io.latticeshop.web.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.latticeshop.web.WebServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two web servers on one PostgreSQL, as the Auto Scaling group runs them behind Lattice:
 * a client that retries on another instance while its first request is still being
 * processed must still get exactly one order. Nothing in memory is shared between the
 * two; only the database's unique constraint can decide.
 */
class TwoInstancesOnPostgresIT {

	// The peers of WireMockPeersTest, started with its class.
	private static final WireMockServer peers = WireMockPeersTest.peers;

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private static JdbcClient database;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void startTwoInstancesOnOneDatabase() {
		String url = Postgres.newDatabaseUrl();
		for (String name : List.of("web-1", "web-2")) {
			// Arguments, not default properties: they must win over application.yml.
			instances.add(new SpringApplicationBuilder(WebServerApplication.class).profiles("test")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
						"--spring.datasource.password=", "--server.address=127.0.0.1", "--server.port=0",
						"--management.server.port=0", "--lattice.signing=false",
						"--lattice.peers.erp.url=" + peers.baseUrl(),
						"--lattice.peers.order-processor.url=" + peers.baseUrl(), "--spring.main.banner-mode=off",
						"--spring.application.name=" + name));
		}
		database = JdbcClient.create(instances.get(0).getBean(DataSource.class));
	}

	@AfterAll
	static void stop() {
		instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theSameKeyOnBothInstancesAtOnceCreatesOneOrder() throws Exception {
		String customer = "C-TWO-1";
		WireMockPeersTest.erpKnows(customer, "Grace Hopper", "GOLD");
		// Slow enough that every request has looked for its key, and found none, before
		// the first one stores its order.
		peers.stubFor(WireMockPeersTest.processOrder().willReturn(WireMockPeersTest.accepted().withFixedDelay(500)));
		String body = WireMockPeersTest.order(customer);
		int perInstance = 3;
		CyclicBarrier start = new CyclicBarrier(2 * perInstance);

		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (ConfigurableApplicationContext instance : instances) {
			int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
			for (int i = 0; i < perInstance; i++) {
				calls.add(() -> {
					start.await();
					return post(port, body, "both-instances-1");
				});
			}
		}
		List<HttpResponse<String>> responses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
			for (Future<HttpResponse<String>> response : pool.invokeAll(calls)) {
				responses.add(response.get());
			}
		}

		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
		assertThat(responses).extracting((response) -> response.headers().firstValue("Location").orElseThrow())
			.containsOnly(responses.get(0).headers().firstValue("Location").orElseThrow());
		assertThat(responses).filteredOn((response) -> response.headers().firstValue("Idempotent-Replayed").isEmpty())
			.hasSize(1);
		assertThat(database.sql("select count(*) from shop_order where customer_id = :customer")
			.param("customer", customer)
			.query(Long.class)
			.single()).isOne();
		// More than one request reached the insert: the constraint, not the first
		// look-up,
		// made the difference.
		assertThat(peers.findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/orders/process"))))
			.hasSizeGreaterThan(1);
	}

	private HttpResponse<String> post(int port, String body, String key) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
