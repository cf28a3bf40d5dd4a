package io.latticeshop.web.orders;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.filter.FormContentFilter;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class OrderFlowTests extends WireMockPeersTest {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApplicationContext context;

	@Test
	void noFilterReadsAFormBodyBeforeTheBodyLimitCan() {
		// Spring's FormContentFilter would read a PUT's form body whole, however large.
		assertThat(this.context.getBeanNamesForType(FormContentFilter.class)).isEmpty();
	}

	@Test
	void acceptedOrderIsStoredAndReadable() {
		String customer = newCustomerId();
		erpKnows(customer, "Ada Lovelace", "GOLD");
		processorAccepts();

		JsonNode placed = place(order(customer), null).expectStatus()
			.isCreated()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String id = placed.get("id").asString();

		assertThat(id).matches("ORD-[0-9A-Z]{26}");
		assertThat(placed.get("customerName").asString()).isEqualTo("Ada Lovelace");
		assertThat(placed.get("customerTier").asString()).isEqualTo("GOLD");
		assertThat(placed.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(placed.get("total").asLong()).isEqualTo(2468);
		assertThat(placed.get("lines").get(0).get("lineTotal").asLong()).isEqualTo(2598);
		// The processor was asked with the tier the ERP reported and the id the order
		// got.
		peers.verify(WireMock.postRequestedFor(urlPathEqualTo("/orders/process"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo(id)))
			.withRequestBody(matchingJsonPath("$.customerTier", equalTo("GOLD")))
			.withRequestBody(matchingJsonPath("$.items[0].sku", equalTo("SKU-1"))));

		this.http.get()
			.uri("/api/orders/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.isEqualTo(placed);
		ordersOf(customer).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].id")
			.isEqualTo(id);
	}

	@Test
	void aCustomersOrdersComeAPageAtATimeFollowingTheNextLink() {
		String customer = newCustomerId();
		erpKnows(customer, "Ada Lovelace", "GOLD");
		processorAccepts();
		List<String> placed = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			placed.add(placedId(customer));
		}

		List<String> seen = new ArrayList<>();
		String next = "/api/orders?customerId=" + customer + "&limit=2";
		while (next != null) {
			var page = this.http.get()
				.uri(URI.create(next))
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(JsonNode.class);
			page.getResponseBody().forEach((order) -> seen.add(order.get("id").asString()));
			String link = page.getResponseHeaders().getFirst("Link");
			next = (link == null) ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
			assertThat(seen.size()).isLessThanOrEqualTo(placed.size());
		}

		assertThat(seen).containsExactlyElementsOf(placed.reversed());
		ordersOf(customer).expectStatus().isOk().expectHeader().doesNotExist("Link");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			limit=0           | limit
			limit=101         | limit
			limit=ten         | limit
			before=ORD-NOSUCH | before
			""")
	void aPageThatCannotBeServedIs400NamingTheParameter(String query, String field) {
		this.http.get()
			.uri("/api/orders?customerId=C-1001&" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latticeshop.io/problems/invalid-request")
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/orders", "/api/orders?customerId=", "/api/orders?customerId=%20" })
	void anOrderListWithoutACustomerIs400NamingTheParameter(String uri) {
		this.http.get()
			.uri(URI.create(uri))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("customerId")
			.jsonPath("$.detail")
			.isEqualTo("customerId: is required");
	}

	@Test
	void anotherCustomersOrderIsNoPlaceToContinueFrom() {
		String customer = newCustomerId();
		erpKnows(customer, "Ada Lovelace", "GOLD");
		processorAccepts();
		String theirs = placedId(customer);

		this.http.get()
			.uri("/api/orders?customerId={other}&before={id}", newCustomerId(), theirs)
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	/** Places an order for the customer, which must be created, and returns its id. */
	private String placedId(String customer) {
		return placedId(customer, null);
	}

	private String placedId(String customer, String key) {
		return place(order(customer), key).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asString();
	}

	@Test
	void locationPointsAtTheStoredOrder() {
		String customer = newCustomerId();
		erpKnows(customer, "Grace Hopper", "PLATINUM");
		processorAccepts();

		URI location = place(order(customer), null).expectStatus()
			.isCreated()
			.returnResult()
			.getResponseHeaders()
			.getLocation();

		this.http.get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.customerId")
			.isEqualTo(customer);
	}

	@Test
	void peerCallsAreSignedForLatticeWithoutPayloadSigning() {
		String customer = newCustomerId();
		erpKnows(customer, "Alan Turing", "STANDARD");
		processorAccepts();

		place(order(customer), null).expectStatus().isCreated();

		LoggedRequest erpCall = peers.findAll(WireMock.getRequestedFor(urlPathEqualTo("/api/customers/" + customer)))
			.get(0);
		LoggedRequest processorCall = peers.findAll(WireMock.postRequestedFor(urlPathEqualTo("/orders/process")))
			.get(0);
		for (LoggedRequest call : List.of(erpCall, processorCall)) {
			assertThat(call.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
				.contains("/eu-west-1/vpc-lattice-svcs/aws4_request")
				.contains("x-amz-content-sha256");
			assertThat(call.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
			assertThat(call.getHeader("X-Amz-Date")).isNotBlank();
		}
	}

	@Test
	void rejectedOrderIsStoredAndAnswered422WithLocation() {
		String customer = newCustomerId();
		erpKnows(customer, "Edsger Dijkstra", "STANDARD");
		processorRejects("SKU-99: unknown SKU");

		var result = place(order(customer), null).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JsonNode.class)
			.returnResult();
		JsonNode problem = result.getResponseBody();

		assertThat(problem.get("type").asString()).isEqualTo("https://latticeshop.io/problems/order-rejected");
		assertThat(problem.get("reasons").get(0).asString()).isEqualTo("SKU-99: unknown SKU");
		String id = problem.get("orderId").asString();
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/orders/" + id);
		this.http.get()
			.uri("/api/orders/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("REJECTED")
			.jsonPath("$.reasons[0]")
			.isEqualTo("SKU-99: unknown SKU");
	}

	@Test
	void unknownCustomerIs422AndNothingIsStored() {
		String customer = newCustomerId();
		peers.stubFor(erpCustomer(customer)
			.willReturn(notFound().withHeader("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.withBody("{\"type\":\"https://latticeshop.io/problems/customer-not-found\",\"status\":404}")));
		processorAccepts();

		place(order(customer), "unknown-" + customer).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latticeshop.io/problems/unknown-customer");

		assertThat(processorCalls()).isZero();
		ordersOf(customer).expectBody().json("[]");
	}

	@Test
	void retryWithTheSameKeyReturnsTheSameOrderAndCreatesNothing() {
		String customer = newCustomerId();
		erpKnows(customer, "Barbara Liskov", "GOLD");
		processorAccepts();
		String key = "retry-" + customer;

		JsonNode first = place(order(customer), key).expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		// Same order, written differently: field order, whitespace and unknown fields.
		String sameOrder = """
				{ "items": [ {"quantity": 2, "sku": "SKU-1"} ], "customerId": "%s", "note": "again" }
				""".formatted(customer);
		JsonNode second = place(sameOrder, key).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(second).isEqualTo(first);
		assertThat(processorCalls()).isEqualTo(1);
		ordersOf(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void retryOfARejectedOrderIsRejectedAgainWithTheSameOrder() {
		String customer = newCustomerId();
		erpKnows(customer, "Donald Knuth", "STANDARD");
		processorRejects("SKU-1: quantity 2 exceeds the per-order limit of 1");
		String key = "rejected-" + customer;

		String first = place(order(customer), key).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("orderId")
			.asString();

		place(order(customer), key).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.orderId")
			.isEqualTo(first);
		ordersOf(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	// Shoppers have no identity, so a key is scoped by what it orders: another shopper
	// who sends the same key learns nothing about the order already stored under it.
	@Test
	void sameKeyForAnotherCustomerPlacesItsOwnOrderAndNamesNoOther() {
		String customer = newCustomerId();
		String other = newCustomerId();
		erpKnows(customer, "Katherine Johnson", "GOLD");
		erpKnows(other, "Dorothy Vaughan", "GOLD");
		processorAccepts();
		String key = "shared-" + customer;
		String first = placedId(customer, key);

		String response = newOrder(place(order(other), key));

		assertThat(response).doesNotContain(first).contains("\"customerId\":\"" + other + "\"");
		ordersOf(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
		ordersOf(other).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void sameKeyWithOtherItemsIsAnotherOrderAndNamesNoOther() {
		String customer = newCustomerId();
		erpKnows(customer, "Katherine Johnson", "GOLD");
		processorAccepts();
		String key = "reused-" + customer;
		String first = placedId(customer, key);

		String response = newOrder(place("""
				{"customerId":"%s","items":[{"sku":"SKU-1","quantity":3}]}""".formatted(customer), key));

		assertThat(response).doesNotContain(first);
		ordersOf(customer).expectBody().jsonPath("$.length()").isEqualTo(2);
	}

	@Test
	void concurrentRetriesWithTheSameKeyCreateExactlyOneOrder() throws Exception {
		String customer = newCustomerId();
		erpKnows(customer, "Radia Perlman", "PLATINUM");
		// Slow enough that every request has looked for the key before the first one
		// stores.
		peers.stubFor(processOrder().willReturn(accepted().withFixedDelay(300)));
		String key = "concurrent-" + customer;
		int attempts = 6;

		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < attempts; i++) {
			calls.add(() -> post(order(customer), key));
		}
		List<HttpResponse<String>> responses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(attempts)) {
			for (Future<HttpResponse<String>> response : pool.invokeAll(calls)) {
				responses.add(response.get());
			}
		}

		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
		Set<String> locations = responses.stream()
			.map((response) -> response.headers().firstValue("Location").orElseThrow())
			.collect(Collectors.toSet());
		assertThat(locations).hasSize(1);
		ordersOf(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void chunkedBodyOverTheLimitIs413() throws Exception {
		// No Content-Length: the limit must hold while the body is streamed.
		byte[] body = ("{\"customerId\":\"" + "C".repeat(70 * 1024) + "\",\"items\":[]}").getBytes();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
			.build();

		HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://latticeshop.io/problems/payload-too-large");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /api/orders/% HTTP/1.1", "GET /api/orders/x HTTP/1.1\r\nX-Big: " })
	void requestsTomcatRefusesAreProblemsToo(String requestLine) throws Exception {
		String request = requestLine.endsWith(": ") ? requestLine + "x".repeat(20_000) : requestLine;
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write((request + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"type\":\"https://latticeshop.io/problems/invalid-request\"");
		}
	}

	// Each matches the ERP's grant on GET /api/orders/* (a '*' spans slashes), and
	// Tomcat resolves each to /actuator/metrics. Spring MVC routes on the raw path and
	// answered 404 before; now the path is refused before any routing.
	@ParameterizedTest
	@ValueSource(strings = { "/api/orders/../../actuator/metrics", "/api/orders/%2e%2e/%2E%2e/actuator/metrics",
			"/api/orders/..;/..;/actuator/metrics" })
	void aPathThatStepsOutOfItsGrantIsRefused(String path) throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400")
				.contains("\"type\":\"https://latticeshop.io/problems/invalid-request\"")
				.doesNotContain("jvm.memory");
		}
	}

	// The shop's port is reachable by every Lattice caller and, in front of a public
	// entry, by everyone: it serves the probes Lattice checks and nothing else of the
	// actuator.
	@Test
	void theShopsPortServesTheProbesAndNoOtherManagementEndpoint() {
		for (String path : List.of("/livez", "/readyz")) {
			this.http.get().uri(path).exchange().expectStatus().isOk();
		}
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/info", "/actuator/metrics",
				"/actuator/env", "/actuator/heapdump")) {
			this.http.get().uri(path).exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void theManagementPortExposesHealthProbesInfoAndMetricsOnly() {
		RestTestClient management = RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build();
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
				"/actuator/info", "/actuator/metrics")) {
			management.get().uri(path).exchange().expectStatus().isOk();
		}
		for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/loggers",
				"/actuator/heapdump")) {
			management.get().uri(path).exchange().expectStatus().isNotFound();
		}
	}

	// Tests touch loopback only, so this reads the address the management server binds
	// to rather than trying another interface.
	@Test
	void theManagementPortListensOnLoopbackOnly() {
		InetAddress address = Binder.get(this.context.getEnvironment())
			.bind("management.server.address", InetAddress.class)
			.orElse(null);

		assertThat(address).isNotNull().matches(InetAddress::isLoopbackAddress, "is loopback");
	}

	@Test
	void shopPageIsServedAtTheRoot() {
		this.http.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("Lattice Shop").contains("shop.js"));
		this.http.get().uri("/shop.js").exchange().expectStatus().isOk();
	}

	private HttpResponse<String> post(String body, String key) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return client().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpClient client() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@Test
	void anAcceptedOrdersInvoiceComesFromTheErp() {
		String id = placeAcceptedOrder();
		peers.stubFor(WireMock.get(urlPathEqualTo("/api/invoices/" + id)).willReturn(WireMock.okJson("""
				{"orderId":"%s","customerId":"C-1001","customer":{"name":"Ada Lovelace","email":"ada@example.com"},
				 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1299,"lineTotal":2598}],
				 "discount":130,"net":2468,"taxRate":"0.20","tax":494,"total":2962,"currency":"EUR"}
				""".formatted(id))));

		JsonNode invoice = getJson("/api/orders/{id}/invoice", id);

		assertThat(invoice.get("customer").get("name").asString()).isEqualTo("Ada Lovelace");
		assertThat(invoice.get("total").asLong()).isEqualTo(2962);
		assertThat(invoice.get("taxRate").asString()).isEqualTo("0.20");
	}

	@Test
	void anInvoiceOfAnotherOrderOrOneThatDoesNotAddUpIsTheErpsFault() {
		String id = placeAcceptedOrder();
		peers.stubFor(WireMock.get(urlPathEqualTo("/api/invoices/" + id)).willReturn(WireMock.okJson("""
				{"orderId":"ORD-SOMEONE-ELSE","customerId":"C-1001","customer":{"name":"A","email":"a@example.com"},
				 "lines":[],"discount":0,"net":100,"taxRate":"0.20","tax":20,"total":120,"currency":"EUR"}
				""")));

		this.http.get()
			.uri("/api/orders/{id}/invoice", id)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectBody()
			.jsonPath("$.peer")
			.isEqualTo("erp");
	}

	@Test
	void anUnknownOrderHasNoInvoiceAndTheErpIsNotAsked() {
		this.http.get()
			.uri("/api/orders/{id}/invoice", "ORD-00000000000000000000000000")
			.exchange()
			.expectStatus()
			.isNotFound();
		peers.verify(0, WireMock.getRequestedFor(WireMock.urlPathMatching("/api/invoices/.*")));
	}

	private String placeAcceptedOrder() {
		String customer = newCustomerId();
		erpKnows(customer, "Ada Lovelace", "GOLD");
		processorAccepts();
		return placedId(customer);
	}

	/** The body of a 201 that placed an order just now, not a replay. */
	private static String newOrder(RestTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist("Idempotent-Replayed")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
