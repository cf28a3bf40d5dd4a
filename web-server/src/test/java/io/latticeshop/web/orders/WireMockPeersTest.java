package io.latticeshop.web.orders;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The whole web server, started once for every subclass (one shared context), with both
 * peers played by one WireMock server on a loopback port. Signing is on, with fixed test
 * credentials, exactly as in the {@code aws} profile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:web-server-tests;DB_CLOSE_DELAY=-1", "lattice.signing=true",
				"lattice.region=eu-west-1", "lattice.read-timeout=1s", "lattice.connect-timeout=1s",
				"management.server.port=0" })
@ActiveProfiles("test")
@AutoConfigureRestTestClient
@Import(WireMockPeersTest.StaticCredentials.class)
abstract class WireMockPeersTest {

	static final WireMockServer peers = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static final String ACCESS_KEY = "AKIDWEBSERVERTEST";

	// Customers are unique per test, so tests sharing the database see only their orders.
	private static final AtomicInteger customers = new AtomicInteger(7000);

	static {
		peers.start();
	}

	@Autowired
	RestTestClient http;

	@DynamicPropertySource
	static void peerUrls(DynamicPropertyRegistry registry) {
		registry.add("lattice.peers.erp.url", peers::baseUrl);
		registry.add("lattice.peers.order-processor.url", peers::baseUrl);
	}

	@BeforeEach
	void resetPeers() {
		peers.resetAll();
	}

	static String newCustomerId() {
		return "C-" + customers.incrementAndGet();
	}

	static MappingBuilder erpCustomer(String customerId) {
		return get(urlPathEqualTo("/api/customers/" + customerId));
	}

	static MappingBuilder processOrder() {
		return post(urlPathEqualTo("/orders/process"));
	}

	static void erpKnows(String customerId, String name, String tier) {
		peers.stubFor(erpCustomer(customerId).willReturn(okJson("""
				{"id":"%s","name":"%s","email":"someone@example.com","tier":"%s",
				 "address":{"street":"12 St James's Sq","city":"London","postalCode":"SW1Y 4JH","country":"GB"}}
				""".formatted(customerId, name, tier))));
	}

	/**
	 * The processor prices SKU-1 at 1299 and gives GOLD 5 %, echoing the order id it was
	 * sent.
	 */
	static void processorAccepts() {
		peers.stubFor(processOrder().willReturn(accepted()));
	}

	static ResponseDefinitionBuilder accepted() {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
			.withTransformers("response-template")
			.withBody("""
					{"orderId":"{{jsonPath request.body '$.orderId'}}","status":"ACCEPTED",
					 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1299,"lineTotal":2598}],
					 "subtotal":2598,"discount":130,"total":2468,"currency":"EUR","reasons":[]}
					""");
	}

	static void processorRejects(String... reasons) {
		String list = String.join(",", Arrays.stream(reasons).map((reason) -> "\"" + reason + "\"").toList());
		peers.stubFor(processOrder().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", MediaType.APPLICATION_JSON_VALUE)
			.withTransformers("response-template")
			.withBody("""
					{"orderId":"{{jsonPath request.body '$.orderId'}}","status":"REJECTED","lines":[],
					 "subtotal":0,"discount":0,"total":0,"currency":"EUR","reasons":[%s]}
					""".formatted(list))));
	}

	static String order(String customerId) {
		return """
				{"customerId":"%s","items":[{"sku":"SKU-1","quantity":2}]}""".formatted(customerId);
	}

	RestTestClient.ResponseSpec place(String body, String idempotencyKey) {
		RestTestClient.RequestBodySpec request = this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.body(body).exchange();
	}

	/** A GET that must answer 200 with JSON, and its body. */
	JsonNode getJson(String uri, Object... variables) {
		return this.http.get()
			.uri(uri, variables)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	RestTestClient.ResponseSpec ordersOf(String customerId) {
		return this.http.get().uri("/api/orders?customerId={id}", customerId).exchange();
	}

	static int processorCalls() {
		return peers.findAll(WireMock.postRequestedFor(urlPathEqualTo("/orders/process"))).size();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StaticCredentials {

		@Bean
		AwsCredentialsProvider testCredentials() {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret-key"));
		}

	}

}
