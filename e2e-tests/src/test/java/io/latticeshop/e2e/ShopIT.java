package io.latticeshop.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.latticeshop.local.admin.RecordedRequest;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shop's promise, proved on real processes: every row of the auth matrix works end to
 * end through lattice-local, everything else is refused, faults are reported and
 * recovered from, and every request leaves an access-log line.
 */
@ExtendWith(Shop.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ShopIT {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String ORDER = """
			{"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":2},{"sku":"SKU-7","quantity":1}]}""";

	/**
	 * Marker of every request this suite sent through Lattice, and the status it expects
	 * logged.
	 */
	private static final Map<String, Integer> SENT = new ConcurrentHashMap<>();

	private static String placedOrderId;

	/**
	 * Each allowed call of the matrix, whoever makes it: service, method, path and body.
	 */
	private static final List<String[]> MATRIX = List.of(
			new String[] { Shop.ERP_LATTICE, "GET", "/api/customers/C-1001", null },
			new String[] { Shop.ERP_LATTICE, "GET", "/api/invoices/ORD-1", null },
			new String[] { Shop.ORDER_PROCESSOR_LATTICE, "POST", "/orders/process", "{}" },
			new String[] { Shop.WEB_LATTICE, "GET", "/api/orders/ORD-1", null });

	/**
	 * A request through lattice-local, tagged so that its access-log line and its record
	 * can be found.
	 */
	private static HttpResponse<String> viaLattice(Signer signer, String method, String url, String body) {
		return send(signer, method, url, body).response();
	}

	private static Sent send(Signer signer, String method, String url, String body) {
		String marker = UUID.randomUUID().toString();
		String tagged = url + (url.contains("?") ? "&" : "?") + "e2e=" + marker;
		HttpRequest.Builder request = (signer != null) ? signer.request(method, tagged, body)
				: HttpRequest.newBuilder(java.net.URI.create(tagged))
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody())
					.header("Content-Type", "application/json");
		HttpResponse<String> response = Http.send(request);
		SENT.put(marker, response.statusCode());
		return new Sent(marker, response);
	}

	/** A request sent through lattice-local, and the marker it was tagged with. */
	private record Sent(String marker, HttpResponse<String> response) {

		/**
		 * What lattice-local recorded of it: the decision and each policy's verdict. It
		 * records a request once its response is out, so the client may be a moment
		 * ahead.
		 */
		RecordedRequest recorded() throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (true) {
				Optional<RecordedRequest> recorded = Shop.get()
					.latticeLocal()
					.requests()
					.stream()
					.filter((request) -> request.path().contains("e2e=" + this.marker))
					.findFirst();
				if (recorded.isPresent()) {
					return recorded.get();
				}
				if (System.nanoTime() > deadline) {
					throw new AssertionError("lattice-local recorded no request " + this.marker);
				}
				Thread.sleep(20);
			}
		}

	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	@Nested
	@Order(1)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class AllowedCalls {

		@Test
		@Order(1)
		void anOrderIsPricedByTheLambdaEnrichedByErpAndInvoicedFromTheWebServer() {
			HttpResponse<String> placed = Http.postJson(Shop.WEB_DIRECT + "/api/orders", ORDER, "Idempotency-Key",
					"e2e-" + UUID.randomUUID());

			assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
			JsonNode order = json(placed);
			placedOrderId = order.required("id").asString();
			assertThat(placed.headers().firstValue("Location")).hasValue("/api/orders/" + placedOrderId);
			assertThat(order.required("status").asString()).isEqualTo("ACCEPTED");
			// C-1001 in the ERP's seed data: Ada Lovelace, GOLD (5 %), billed in GB (20
			// %).
			assertThat(order.required("customerName").asString()).as("customer enriched by ERP")
				.isEqualTo("Ada Lovelace");
			assertThat(order.required("customerTier").asString()).isEqualTo("GOLD");
			// Priced by the order processor from its catalog: SKU-1 12.99, SKU-7 19.99
			// EUR.
			assertThat(order.required("lines")).hasSize(2);
			assertLine(order.required("lines").get(0), "SKU-1", 2, 1_299, 2_598);
			assertLine(order.required("lines").get(1), "SKU-7", 1, 1_999, 1_999);
			assertThat(order.required("subtotal").asLong()).isEqualTo(4_597);
			// 5 % of 45.97 is 2.2985, half up to 2.30.
			assertThat(order.required("discount").asLong()).isEqualTo(230);
			assertThat(order.required("total").asLong()).isEqualTo(4_367);
			assertThat(order.required("currency").asString()).isEqualTo("EUR");

			// The shop front asks the ERP, which reads the order back: two more Lattice
			// hops.
			HttpResponse<String> invoice = Http.get(Shop.WEB_DIRECT + "/api/orders/" + placedOrderId + "/invoice");

			assertThat(invoice.statusCode()).as(invoice.body()).isEqualTo(200);
			JsonNode invoiced = json(invoice);
			assertThat(invoiced.required("orderId").asString()).isEqualTo(placedOrderId);
			assertThat(invoiced.at("/customer/name").asString()).isEqualTo("Ada Lovelace");
			assertThat(invoiced.required("net").asLong()).isEqualTo(4_367);
			assertThat(invoiced.required("taxRate").asString()).isEqualTo("0.20");
			// 20 % of 43.67 is 8.734, half up to 8.73.
			assertThat(invoiced.required("tax").asLong()).isEqualTo(873);
			assertThat(invoiced.required("total").asLong()).isEqualTo(5_240);
		}

		private static void assertLine(JsonNode line, String sku, int quantity, long unitPrice, long lineTotal) {
			assertThat(line.required("sku").asString()).isEqualTo(sku);
			assertThat(line.required("quantity").asInt()).isEqualTo(quantity);
			assertThat(line.required("unitPrice").asLong()).isEqualTo(unitPrice);
			assertThat(line.required("lineTotal").asLong()).isEqualTo(lineTotal);
		}

		@Test
		@Order(2)
		void theWorkloadsCallsWentThroughLatticeAsTheirOwnPrincipals() throws Exception {
			// The invoice's line is written when the outer call ends, after the
			// read-back's.
			List<JsonNode> log = accessLogOnceItHas("/api/invoices/" + placedOrderId, "/api/orders/" + placedOrderId);

			assertThat(log).anySatisfy((line) -> {
				assertThat(line.path("requestPath").asString()).startsWith("/api/customers/C-1001");
				assertThat(line.path("callerPrincipal").asString()).contains(":assumed-role/").contains("WebServer");
				assertThat(line.path("responseCode").asInt()).isEqualTo(200);
			});
			assertThat(log).anySatisfy((line) -> {
				assertThat(line.path("requestPath").asString()).isEqualTo("/orders/process");
				assertThat(line.path("responseCode").asInt()).isEqualTo(200);
			});
			assertThat(log).anySatisfy((line) -> {
				assertThat(line.path("requestPath").asString()).isEqualTo("/api/invoices/" + placedOrderId);
				assertThat(line.path("callerPrincipal").asString()).contains(":assumed-role/").contains("WebServer");
				assertThat(line.path("responseCode").asInt()).isEqualTo(200);
			});
			assertThat(log).anySatisfy((line) -> {
				assertThat(line.path("requestPath").asString()).isEqualTo("/api/orders/" + placedOrderId);
				assertThat(line.path("callerPrincipal").asString()).contains("ErpTaskRole");
				assertThat(line.path("responseCode").asInt()).isEqualTo(200);
			});
		}

		@ParameterizedTest(name = "{0} may {2} {3} on {1}")
		@MethodSource("io.latticeshop.e2e.ShopIT#allowedRows")
		void eachAllowedRowPassesTheAuthPoliciesAndReachesItsTarget(Workload caller, String service, String method,
				String path, String body, int targetStatus, Map<String, String> proof) throws Exception {
			Sent sent = send(Signer.as(caller), method, service + path, body);
			HttpResponse<String> response = sent.response();

			assertThat(response.statusCode()).as(response.body()).isEqualTo(targetStatus);
			// The answer's own content shows which service gave it: a status alone could
			// be lattice-local's or any target's.
			JsonNode answer = json(response);
			proof.forEach(
					(pointer, expected) -> assertThat(answer.at(pointer).asString()).as(pointer).isEqualTo(expected));
			assertThat(sent.recorded().statements()).contains("network: allowed by", "service: allowed by",
					"identity: allowed by");
		}

		@Test
		void bothServicesStartOnTheBeanDefinitionsSpringAotGeneratedForTheAwsProfile() throws Exception {
			// Started with -Dspring.aot.enabled=true, as deployed. Without the generated
			// initializer a service would refuse to start; with the flag missing it would
			// start without this line.
			assertThat(Shop.get().webServerOutput()).contains("Starting AOT-processed WebServerApplication")
				.contains("The following 1 profile is active: \"aws\"");
			assertThat(Shop.get().erp().output()).contains("Starting AOT-processed ErpApplication")
				.contains("The following 1 profile is active: \"aws\"");
		}

		@Test
		void theErpRunsFromItsImageAsANonRootUser() throws Exception {
			ErpWorkload erp = Shop.get().erp();
			assumeTrue(erp.inContainer(), "the ERP runs from its jar (no Docker, CI unset): no image to check");
			assertThat(erp.uid()).as("uid inside the ERP container").isNotZero();
		}

	}

	static Stream<Arguments> allowedRows() {
		String unknownOrder = "ORD-00000000000000000000000000";
		return Stream.of(
				Arguments.of(Workload.WEB_SERVER, Shop.ERP_LATTICE, "GET", "/api/customers/C-1002", null, 200,
						Map.of("/id", "C-1002", "/name", "Alan Turing", "/tier", "PLATINUM")),
				// PLATINUM: 10 % off 54.90 EUR.
				Arguments.of(Workload.WEB_SERVER, Shop.ORDER_PROCESSOR_LATTICE, "POST", "/orders/process",
						"{\"orderId\":\"ORD-E2E\",\"customerId\":\"C-1002\",\"customerTier\":\"PLATINUM\","
								+ "\"items\":[{\"sku\":\"SKU-2\",\"quantity\":1}]}",
						200,
						Map.of("/orderId", "ORD-E2E", "/status", "ACCEPTED", "/lines/0/unitPrice", "5490", "/discount",
								"549", "/total", "4941")),
				// Allowed through; the web server itself answers that no such order
				// exists.
				Arguments.of(Workload.ERP_SERVICE, Shop.WEB_LATTICE, "GET", "/api/orders/" + unknownOrder, null, 404,
						Map.of("/type", "https://latticeshop.io/problems/order-not-found", "/detail",
								"No order " + unknownOrder)),
				// Allowed through; the ERP asks the web server, which knows no such
				// order.
				Arguments.of(Workload.WEB_SERVER, Shop.ERP_LATTICE, "GET", "/api/invoices/" + unknownOrder, null, 404,
						Map.of("/type", "https://latticeshop.io/problems/order-not-found", "/detail",
								"The web server has no order " + unknownOrder + ".")));
	}

	@Nested
	@Order(2)
	class DeniedCalls {

		@ParameterizedTest(name = "{0} may not {2} {3} on {1}")
		@MethodSource("io.latticeshop.e2e.ShopIT#deniedRows")
		void everythingOutsideTheMatrixIsRefused(String caller, String service, String method, String path)
				throws Exception {
			Signer signer = caller.equals("anonymous") ? null : Signer.as(Workload.valueOf(caller));
			Sent sent = send(signer, method, service + path, method.equals("GET") ? null : "{}");

			assertThat(sent.response().statusCode()).as(sent.response().body()).isEqualTo(403);
			// Refused by a policy, for this principal, on the path as the resource; a
			// HEAD
			// answer has no body, so the text is read from what lattice-local recorded.
			RecordedRequest recorded = sent.recorded();
			assertThat(recorded.decision()).isEqualTo("DENY");
			assertThat(recorded.reason()).startsWith("AccessDeniedException: User: ")
				.containsPattern((caller.equals("anonymous") ? "User: anonymous "
						: ":assumed-role/[^/]+/" + Workload.valueOf(caller).sessionName() + " ")
						+ "is not authorized to perform: vpc-lattice-svcs:Invoke on resource: "
						+ "arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-[0-9a-f]{17}"
						+ java.util.regex.Pattern.quote(path) + " (because|with)");
			if (!method.equals("HEAD")) {
				assertThat(sent.response().body()).isEqualTo(recorded.reason() + "\n");
			}
		}

		@ParameterizedTest(name = "{0} may not {2} {3} on {1}: the auth policy's SourceVpc refuses it")
		@MethodSource("io.latticeshop.e2e.ShopIT#allowedCallsFromAnotherVpc")
		void anAllowedCallFromAnotherVpcIsRefusedByTheServicePolicyAlone(Workload caller, String service, String method,
				String path, String body) throws Exception {
			Sent sent = send(Signer.as(caller), method, service + path, body);

			assertThat(sent.response().statusCode()).as(sent.response().body()).isEqualTo(403);
			assertThat(sent.response().body())
				.endsWith(" because no service-based policy allows the vpc-lattice-svcs:Invoke action\n");
			// The network and the role's own policies allow it: only the source VPC is
			// wrong.
			assertThat(sent.recorded().statements()).contains("network: allowed by", "service: no statement allows",
					"identity: allowed by");
		}

		@ParameterizedTest(name = "the order processor's role may not {1} {2} on {0}")
		@MethodSource("io.latticeshop.e2e.ShopIT#matrixCalls")
		void aRoleWithNoGrantsIsRefusedEverywhere(String service, String method, String path, String body)
				throws Exception {
			Sent sent = send(Signer.as(Workload.ORDER_PROCESSOR), method, service + path, body);

			assertThat(sent.response().statusCode()).as(sent.response().body()).isEqualTo(403);
			assertThat(sent.response().body())
				.endsWith(" because no service-based policy allows the vpc-lattice-svcs:Invoke action\n");
			assertThat(sent.recorded().statements()).contains("network: allowed by", "identity: no statement allows");
		}

		@Test
		void aPathThroughADotSegmentIsRefusedBeforeAnyPolicy() {
			// Were it normalized, /api/customers/../orders/ORD-1 would be a path the
			// ERP's
			// policy never allowed the web server; it is refused for its form instead.
			HttpResponse<String> response = viaLattice(Signer.as(Workload.WEB_SERVER), "GET",
					Shop.ERP_LATTICE + "/api/customers/../orders/ORD-1", null);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(response.body()).startsWith("Bad Request: ").contains("dot segment ('..')");
		}

		@Test
		void aTamperedRequestIsRefused() {
			String marker = UUID.randomUUID().toString();
			// Signed for one customer, sent for another.
			Map<String, String> signature = Signer.as(Workload.WEB_SERVER)
				.sign("GET", java.net.URI.create(Shop.ERP_LATTICE + "/api/customers/C-1003?e2e=" + marker), Map.of());
			HttpRequest.Builder tampered = HttpRequest
				.newBuilder(java.net.URI.create(Shop.ERP_LATTICE + "/api/customers/C-1004?e2e=" + marker));
			signature.forEach(tampered::header);
			HttpResponse<String> response = Http.send(tampered);
			SENT.put(marker, response.statusCode());

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body())
				.startsWith("InvalidSignatureException: The request signature we calculated does not match");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.latticeshop.e2e.ShopIT#badSignatures")
		void aBadSignatureIsRefusedForWhatIsWrongWithIt(String what, Signer signer, String reason) {
			HttpResponse<String> response = viaLattice(signer, "GET", Shop.ERP_LATTICE + "/api/customers/C-1005", null);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
			assertThat(response.body()).startsWith(reason);
		}

	}

	static Stream<Arguments> badSignatures() {
		Signer web = Signer.as(Workload.WEB_SERVER);
		return Stream.of(
				Arguments.of("replayed 6 minutes later", web.at(Duration.ofMinutes(-6)),
						"InvalidSignatureException: Signature expired: "),
				Arguments.of("dated 6 minutes ahead", web.at(Duration.ofMinutes(6)),
						"InvalidSignatureException: Signature not yet current: "),
				Arguments.of("wrong region in the scope", web.inRegion("eu-west-1"),
						"InvalidSignatureException: Credential should be scoped to a valid region, not 'eu-west-1'"),
				Arguments.of("wrong service in the scope", web.forService("execute-api"),
						"InvalidSignatureException: Credential should be scoped to correct service: 'vpc-lattice-svcs'"),
				Arguments.of("wrong secret", web.withSecret("not-the-secret"),
						"InvalidSignatureException: The request signature we calculated does not match"),
				Arguments.of("unknown access key",
						new Signer("AKIAUNKNOWN000000000", "x", Shop.REGION, "vpc-lattice-svcs", Duration.ZERO),
						"UnrecognizedClientException: The security token included in the request is invalid."));
	}

	static Stream<Arguments> matrixCalls() {
		return MATRIX.stream().map((call) -> Arguments.of((Object[]) call));
	}

	static Stream<Arguments> allowedCallsFromAnotherVpc() {
		return MATRIX.stream()
			.map((call) -> Arguments.of(
					call[0].equals(Shop.WEB_LATTICE) ? Workload.ERP_SERVICE_IN_WEB_VPC : Workload.WEB_SERVER_IN_ERP_VPC,
					call[0], call[1], call[2], call[3]));
	}

	static Stream<Arguments> deniedRows() {
		List<String> callers = List.of("WEB_SERVER", "ERP_SERVICE", "ORDER_PROCESSOR", "WEB_SERVER_IN_ERP_VPC",
				"ERP_SERVICE_IN_WEB_VPC", "anonymous");
		List<String> services = List.of(Shop.WEB_LATTICE, Shop.ERP_LATTICE, Shop.ORDER_PROCESSOR_LATTICE);
		List<String[]> requests = List.of(new String[] { "GET", "/api/customers/C-1001" },
				new String[] { "GET", "/api/orders/ORD-1" }, new String[] { "POST", "/orders/process" },
				new String[] { "GET", "/api/invoices/ORD-1" }, new String[] { "POST", "/api/orders" },
				new String[] { "DELETE", "/api/customers/C-1001" }, new String[] { "PUT", "/api/orders/ORD-1" },
				new String[] { "GET", "/actuator/health" }, new String[] { "GET", "/orders/process" },
				// Near misses of the allowed calls: no id, another method, one more
				// slash.
				new String[] { "GET", "/api/customers" }, new String[] { "HEAD", "/api/customers/C-1001" },
				new String[] { "PATCH", "/api/orders/ORD-1" }, new String[] { "OPTIONS", "/orders/process" },
				new String[] { "POST", "/orders/process/" }, new String[] { "GET", "/api/invoices" });
		Set<String> allowed = Set.of("WEB_SERVER " + Shop.ERP_LATTICE + " GET /api/customers/C-1001",
				"WEB_SERVER " + Shop.ERP_LATTICE + " GET /api/invoices/ORD-1",
				"WEB_SERVER " + Shop.ORDER_PROCESSOR_LATTICE + " POST /orders/process",
				"ERP_SERVICE " + Shop.WEB_LATTICE + " GET /api/orders/ORD-1");
		List<Arguments> denied = new ArrayList<>();
		for (String caller : callers) {
			for (String service : services) {
				for (String[] request : requests) {
					if (!allowed.contains(caller + " " + service + " " + request[0] + " " + request[1])) {
						denied.add(Arguments.of(caller, service, request[0], request[1]));
					}
				}
			}
		}
		return denied.stream();
	}

	@Nested
	@Order(3)
	class Faults {

		@Test
		void aDeadErpGivesTheShopperAClear5xxAndStoresNothingThenRecovers() throws Exception {
			ErpWorkload erp = Shop.get().erp();
			// The newest order says whether one was added; a count would stop at a page.
			String newestBefore = json(Http.get(Shop.WEB_DIRECT + "/api/orders?customerId=C-1001&limit=1")).toString();
			erp.kill();
			try {
				HttpResponse<String> refused = Http.postJson(Shop.WEB_DIRECT + "/api/orders", ORDER);

				assertThat(refused.statusCode()).as(refused.body()).isIn(502, 503);
				assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(json(refused).required("peer").asString()).isEqualTo("erp");
				assertThat(json(Http.get(Shop.WEB_DIRECT + "/api/orders?customerId=C-1001&limit=1")).toString())
					.as("nothing stored")
					.isEqualTo(newestBefore);
			}
			finally {
				erp.start();
			}
			HttpResponse<String> recovered = Http.postJson(Shop.WEB_DIRECT + "/api/orders", ORDER);
			assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(201);
		}

		@Test
		void aDeadWebServerGivesTheErpACaller5xxThenRecovers() throws Exception {
			Shop shop = Shop.get();
			HttpResponse<String> placed = Http.postJson(Shop.WEB_DIRECT + "/api/orders", ORDER);
			String id = json(placed).required("id").asString();
			shop.killWebServer();
			try {
				HttpResponse<String> refused = Http.get(Shop.ERP_DIRECT + "/api/invoices/" + id);

				assertThat(refused.statusCode()).as(refused.body()).isIn(502, 503);
				assertThat(json(refused).required("peer").asString()).isEqualTo("web-server");
			}
			finally {
				shop.startWebServer();
			}
			// Lattice routes only to healthy targets: it must see the new process pass.
			shop.awaitTargetHealthy(Shop.WEB_DIRECT);
			assertThat(Http.get(Shop.ERP_DIRECT + "/api/invoices/" + id).statusCode()).isEqualTo(200);
		}

	}

	@Nested
	@Order(4)
	class AccessLog {

		@Test
		void everyRequestThroughLatticeLeftALineWithItsOutcome() throws Exception {
			List<JsonNode> log = accessLogOnceItHas(SENT.keySet().toArray(String[]::new));
			assertThat(SENT).isNotEmpty();

			SENT.forEach(
					(marker, status) -> assertThat(log).as("access-log line for request %s (status %d)", marker, status)
						.anySatisfy((line) -> {
							assertThat(line.path("requestPath").asString()).contains("e2e=" + marker);
							assertThat(line.path("responseCode").asInt()).isEqualTo(status);
							if (status != 403) {
								assertThat(line.path("authDeniedReason").asString()).isEqualTo("-");
							}
						}));
			assertThat(log).filteredOn((line) -> line.path("responseCode").asInt() == 403)
				.allSatisfy((line) -> assertThat(line.path("authDeniedReason").asString()).isNotEqualTo("-"));
		}

	}

	/**
	 * The access log, once it mentions every given text. lattice-local writes its lines
	 * off the request path, so a line may land a few milliseconds after its response.
	 */
	private static List<JsonNode> accessLogOnceItHas(String... texts) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		String log = "";
		while (System.nanoTime() < deadline) {
			log = Files.exists(Shop.ACCESS_LOG) ? Files.readString(Shop.ACCESS_LOG) : "";
			String current = log;
			if (Stream.of(texts).allMatch(current::contains)) {
				break;
			}
			Thread.sleep(50);
		}
		return log.lines().map(JSON::readTree).toList();
	}

}
