package io.latticeshop.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
	 * A request through lattice-local, tagged so that its access-log line can be found.
	 */
	private static HttpResponse<String> viaLattice(Signer signer, String method, String url, String body) {
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
		return response;
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
			assertThat(order.required("customerName").asString()).as("customer enriched by ERP").isNotBlank();
			assertThat(order.required("lines")).hasSize(2);
			assertThat(order.required("total").asLong()).as("priced by the order processor").isPositive();

			// The shop front asks the ERP, which reads the order back: two more Lattice
			// hops.
			HttpResponse<String> invoice = Http.get(Shop.WEB_DIRECT + "/api/orders/" + placedOrderId + "/invoice");

			assertThat(invoice.statusCode()).as(invoice.body()).isEqualTo(200);
			JsonNode invoiced = json(invoice);
			assertThat(invoiced.required("orderId").asString()).isEqualTo(placedOrderId);
			assertThat(invoiced.required("net").asLong()).isEqualTo(order.required("total").asLong());
			assertThat(invoiced.required("total").asLong())
				.isEqualTo(invoiced.required("net").asLong() + invoiced.required("tax").asLong());
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
				String path, String body, int targetStatus) {
			HttpResponse<String> response = viaLattice(Signer.as(caller), method, service + path, body);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(targetStatus);
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
			if (erp.inContainer()) {
				assertThat(erp.uid()).as("uid inside the ERP container").isNotZero();
			}
		}

	}

	static Stream<Arguments> allowedRows() {
		return Stream.of(Arguments.of(Workload.WEB_SERVER, Shop.ERP_LATTICE, "GET", "/api/customers/C-1002", null, 200),
				Arguments.of(Workload.WEB_SERVER, Shop.ORDER_PROCESSOR_LATTICE, "POST", "/orders/process",
						"{\"orderId\":\"ORD-E2E\",\"customerId\":\"C-1002\",\"customerTier\":\"GOLD\","
								+ "\"items\":[{\"sku\":\"SKU-2\",\"quantity\":1}]}",
						200),
				// Allowed through; the web server itself answers that no such order
				// exists.
				Arguments.of(Workload.ERP_SERVICE, Shop.WEB_LATTICE, "GET",
						"/api/orders/ORD-00000000000000000000000000", null, 404),
				// Allowed through; the ERP asks the web server, which knows no such
				// order.
				Arguments.of(Workload.WEB_SERVER, Shop.ERP_LATTICE, "GET",
						"/api/invoices/ORD-00000000000000000000000000", null, 404));
	}

	@Nested
	@Order(2)
	class DeniedCalls {

		@ParameterizedTest(name = "{0} may not {2} {3} on {1}")
		@MethodSource("io.latticeshop.e2e.ShopIT#deniedRows")
		void everythingOutsideTheMatrixIsRefused(String caller, String service, String method, String path) {
			Signer signer = caller.equals("anonymous") ? null : Signer.as(Workload.valueOf(caller));
			HttpResponse<String> response = viaLattice(signer, method, service + path,
					method.equals("GET") ? null : "{}");

			assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
			assertThat(response.body()).startsWith("AccessDeniedException")
				.contains("is not authorized to perform: vpc-lattice-svcs:Invoke");
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
			assertThat(response.body()).containsIgnoringCase("signature");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.latticeshop.e2e.ShopIT#badSignatures")
		void aBadSignatureIsRefused(String what, Signer signer) {
			HttpResponse<String> response = viaLattice(signer, "GET", Shop.ERP_LATTICE + "/api/customers/C-1005", null);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		}

	}

	static Stream<Arguments> badSignatures() {
		Signer web = Signer.as(Workload.WEB_SERVER);
		return Stream.of(Arguments.of("replayed 6 minutes later", web.at(Duration.ofMinutes(-6))),
				Arguments.of("dated 6 minutes ahead", web.at(Duration.ofMinutes(6))),
				Arguments.of("wrong region in the scope", web.inRegion("eu-west-1")),
				Arguments.of("wrong service in the scope", web.forService("execute-api")),
				Arguments.of("wrong secret", web.withSecret("not-the-secret")), Arguments.of("unknown access key",
						new Signer("AKIAUNKNOWN000000000", "x", Shop.REGION, "vpc-lattice-svcs", Duration.ZERO)));
	}

	static Stream<Arguments> deniedRows() {
		List<String> callers = List.of("WEB_SERVER", "ERP_SERVICE", "anonymous");
		List<String> services = List.of(Shop.WEB_LATTICE, Shop.ERP_LATTICE, Shop.ORDER_PROCESSOR_LATTICE);
		List<String[]> requests = List.of(new String[] { "GET", "/api/customers/C-1001" },
				new String[] { "GET", "/api/orders/ORD-1" }, new String[] { "POST", "/orders/process" },
				new String[] { "GET", "/api/invoices/ORD-1" }, new String[] { "POST", "/api/orders" },
				new String[] { "DELETE", "/api/customers/C-1001" }, new String[] { "PUT", "/api/orders/ORD-1" },
				new String[] { "GET", "/actuator/health" }, new String[] { "GET", "/orders/process" });
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
