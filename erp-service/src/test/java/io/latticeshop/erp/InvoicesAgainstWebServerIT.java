package io.latticeshop.erp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ERP as the {@code aws} profile runs it, every call to the web server signed,
 * against a WireMock web server that plays each answer Lattice or the web server could
 * give.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "lattice.peers.web-server.read-timeout=700ms")
@ActiveProfiles("aws")
@AutoConfigureRestTestClient
class InvoicesAgainstWebServerIT {

	private static final String PROBLEMS = "https://latticeshop.io/problems/";

	// A fixed port, so that the web server can go down and come back where the ERP
	// expects it.
	private static final WireMockServer webServer = new WireMockServer(
			options().bindAddress("127.0.0.1").port(freePort()));

	@Autowired
	private RestTestClient client;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void webServerUrl(DynamicPropertyRegistry registry) {
		if (!webServer.isRunning()) {
			webServer.start();
		}
		registry.add("lattice.peers.web-server.url", () -> "http://127.0.0.1:" + webServer.port());
	}

	@AfterEach
	void forgetStubs() {
		webServer.resetAll();
	}

	@AfterAll
	static void stopWebServer() {
		webServer.stop();
	}

	@Test
	void invoiceReadsTheOrderWithASignedRequest() {
		String orderId = "ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H";
		stubOrder(orderId, "C-1001", "ACCEPTED", 2598, 260, 2338);

		this.client.get().uri("/api/invoices/{id}", orderId).exchange().expectStatus().isOk().expectBody().json("""
				{"orderId":"ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H","customerId":"C-1001",
				 "customer":{"name":"Ada Lovelace","email":"ada@example.com",
				   "address":{"street":"12 St James's Sq","city":"London","postalCode":"SW1Y 4JH","country":"GB"}},
				 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1299,"lineTotal":2598}],
				 "discount":260,"net":2338,"taxRate":"0.20","tax":468,"total":2806,"currency":"EUR"}
				""");

		webServer.verify(getRequestedFor(urlPathEqualTo("/api/orders/" + orderId))
			.withHeader("x-amz-content-sha256", equalTo("UNSIGNED-PAYLOAD"))
			.withHeader("Authorization",
					matching("AWS4-HMAC-SHA256 Credential=AKIDERPTEST/\\d{8}/us-east-1/vpc-lattice-svcs/aws4_request, "
							+ "SignedHeaders=[a-z0-9;-]*x-amz-content-sha256[a-z0-9;-]*, Signature=[0-9a-f]{64}"))
			.withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z")));
	}

	@ParameterizedTest(name = "{0} ({1}): total {2} less {3} -> tax {5}")
	@CsvSource({ "C-1004, DE, 1100, 50, 0.19, 200, 1250", // 199.5 rounds half up
			"C-1003, IE, 999, 0, 0.23, 230, 1229", // 229.77
			"C-1005, NL, 1000, 100, 0.21, 189, 1089", "C-1014, LU, 2000, 200, 0.17, 306, 2106",
			"C-1010, CH, 1000, 0, 0.20, 200, 1200" }) // default rate
	void invoiceTaxesTheDiscountedTotalAtTheCustomersCountryRate(String customerId, String country, long subtotal,
			long discount, String rate, long tax, long total) {
		String orderId = "ORD-tax-" + customerId;
		stubOrder(orderId, customerId, "ACCEPTED", subtotal, discount, subtotal - discount);

		this.client.get()
			.uri("/api/invoices/{id}", orderId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.customer.address.country")
			.isEqualTo(country)
			.jsonPath("$.discount")
			.isEqualTo(discount)
			.jsonPath("$.net")
			.isEqualTo(subtotal - discount)
			.jsonPath("$.taxRate")
			.isEqualTo(rate)
			.jsonPath("$.tax")
			.isEqualTo(tax)
			.jsonPath("$.total")
			.isEqualTo(total);
	}

	@Test
	void orderUnknownToTheWebServerIsNotFound() {
		webServer.stubFor(get("/api/orders/ORD-missing").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"type\":\"" + PROBLEMS + "order-not-found\",\"status\":404}")));

		this.client.get()
			.uri("/api/invoices/ORD-missing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "order-not-found");
	}

	@Test
	void rejectedOrderIsNotInvoiceable() {
		stubOrder("ORD-rejected", "C-1002", "REJECTED", 0, 0, 0);

		this.client.get()
			.uri("/api/invoices/ORD-rejected")
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "order-not-invoiceable");
	}

	@Test
	void webServerDownIsUnavailable() {
		webServer.stop();
		try {
			expectPeerProblem("ORD-down", 503, "peer-unavailable");
		}
		finally {
			webServer.start();
		}
	}

	@Test
	void webServerHangingUpIsUnavailable() {
		webServer.stubFor(get("/api/orders/ORD-hangup").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

		expectPeerProblem("ORD-hangup", 503, "peer-unavailable");
	}

	@Test
	void slowWebServerIsATimeout() {
		webServer.stubFor(get("/api/orders/ORD-slow").willReturn(okJson("{}").withFixedDelay(2_000)));

		expectPeerProblem("ORD-slow", 504, "peer-timeout");
	}

	@Test
	void latticeDenialIsABadGateway() {
		webServer.stubFor(get("/api/orders/ORD-denied").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "text/plain")
			.withBody("AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/erp/task is not "
					+ "authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-east-1:"
					+ "123456789012:service/svc-0123/api/orders/ORD-denied because no service-based policy allows "
					+ "the vpc-lattice-svcs:Invoke action")));

		expectPeerProblem("ORD-denied", 502, "peer-refused");
	}

	@Test
	void webServerErrorIsABadGateway() {
		webServer.stubFor(get("/api/orders/ORD-broken").willReturn(aResponse().withStatus(500)));

		expectPeerProblem("ORD-broken", 502, "peer-failed");
	}

	@Test
	void unreadableOrderIsABadGateway() {
		webServer.stubFor(get("/api/orders/ORD-garbled").willReturn(okJson("{\"id\":")));

		expectPeerProblem("ORD-garbled", 502, "peer-failed");
	}

	@Test
	void pathTheServletContainerRefusesIsStillAProblem() throws Exception {
		// Sent raw: an encoded '/' must reach the server as it is.
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/invoices/ORD-a%2Fb"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
			assertThat(response.body()).contains(PROBLEMS + "invalid-request");
		}
	}

	@Test
	void probesAreUpAndNothingElseOfActuatorIsExposed() {
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/info").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/env")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private void expectPeerProblem(String orderId, int status, String type) {
		this.client.get()
			.uri("/api/invoices/{id}", orderId)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + type)
			.jsonPath("$.peer")
			.isEqualTo("web-server");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void stubOrder(String orderId, String customerId, String status, long subtotal, long discount,
			long total) {
		// A line that adds up, as the web server's always do.
		long quantity = (subtotal % 2 == 0) ? 2 : 1;
		webServer.stubFor(get("/api/orders/" + orderId).willReturn(okJson("""
				{"id":"%s","customerId":"%s","customerName":"whoever","customerTier":"GOLD","status":"%s",
				 "lines":[{"sku":"SKU-1","quantity":%d,"unitPrice":%d,"lineTotal":%d}],
				 "subtotal":%d,"discount":%d,"total":%d,"currency":"EUR","reasons":[],
				 "createdAt":"2026-11-29T04:00:00Z"}
				""".formatted(orderId, customerId, status, quantity, subtotal / quantity, subtotal, subtotal, discount,
				total))));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestCredentials {

		@Bean
		AwsCredentialsProvider testCredentials() {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDERPTEST", "erp-test-secret"));
		}

	}

}
