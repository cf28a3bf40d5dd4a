package io.latticeshop.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One order, one trace: an order placed and invoiced inside a trace of the test's own
 * crosses Lattice four times (web server to ERP and to the Lambda, ERP back to the web
 * server for the invoice) and comes back from the trace server as one trace with spans of
 * all three workloads, the Lattice hops named by the same trace id in lattice-local's
 * access log.
 */
@ExtendWith(Shop.class)
class TracingIT {

	private static final String ORDER = """
			{"customerId":"C-1003","items":[{"sku":"SKU-3","quantity":1}]}""";

	@Test
	void anOrderAndItsInvoiceAreOneTraceAcrossTheWebServerTheErpAndTheLambda() throws Exception {
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		HttpResponse<String> placed = Http.send(HttpRequest.newBuilder(URI.create(Shop.WEB_DIRECT + "/api/orders"))
			.POST(HttpRequest.BodyPublishers.ofString(ORDER))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", "tracing-" + UUID.randomUUID())
			.header("traceparent", traceparent));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String orderId = JsonMapper.shared().readTree(placed.body()).required("id").asString();
		HttpResponse<String> invoice = Http
			.send(HttpRequest.newBuilder(URI.create(Shop.WEB_DIRECT + "/api/orders/" + orderId + "/invoice"))
				.header("traceparent", traceparent));
		assertThat(invoice.statusCode()).as(invoice.body()).isEqualTo(200);

		// Each service sends its spans in batches of its own: wait for the last of them,
		// the ERP's call back to the web server, which ends inside the invoice.
		JsonNode trace = traceOnceItHas(traceId,
				(spans) -> services(spans).containsAll(Set.of("web-server", "erp-service", "order-processor"))
						&& erpClientSpans(spans) > 0 && lambdaContinuesTheWebServer(spans),
				Duration.ofSeconds(30));
		Set<String> services = services(trace);
		assertThat(services).as(trace.toString()).contains("web-server", "erp-service", "order-processor");
		// The ERP's own call back to the web server, for the invoice, is in it too.
		assertThat(erpClientSpans(trace)).as(trace.toString()).isPositive();
		assertThat(lambdaContinuesTheWebServer(trace)).as("the Lambda's span continues a web-server span: " + trace)
			.isTrue();

		// The four Lattice hops carry the trace: lattice-local's access log names it.
		List<JsonNode> hops = Files.readString(Shop.ACCESS_LOG)
			.lines()
			.map(JsonMapper.shared()::readTree)
			.filter((line) -> traceId.equals(line.path("traceId").asString()))
			.toList();
		assertThat(hops).extracting((line) -> line.path("requestPath").asString())
			.contains("/api/customers/C-1003", "/orders/process", "/api/invoices/" + orderId, "/api/orders/" + orderId);
	}

	/** The trace as the trace server's API returns it, once it is {@code complete}. */
	private static JsonNode traceOnceItHas(String traceId, Predicate<JsonNode> complete, Duration within)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		JsonNode trace = JsonMapper.shared().createArrayNode();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = Http.get(Shop.ZIPKIN + "/api/v2/trace/" + traceId);
			if (response.statusCode() == 200) {
				trace = JsonMapper.shared().readTree(response.body());
				if (complete.test(trace)) {
					return trace;
				}
			}
			Thread.sleep(250);
		}
		return trace;
	}

	/** Whether every span of the Lambda has a span of the web server for its parent. */
	private static boolean lambdaContinuesTheWebServer(JsonNode trace) {
		Set<String> webServerSpans = trace.valueStream()
			.filter((span) -> "web-server".equals(span.path("localEndpoint").path("serviceName").asString()))
			.map((span) -> span.path("id").asString())
			.collect(Collectors.toSet());
		return trace.valueStream()
			.filter((span) -> "order-processor".equals(span.path("localEndpoint").path("serviceName").asString()))
			.allMatch((span) -> webServerSpans.contains(span.path("parentId").asString()));
	}

	private static long erpClientSpans(JsonNode trace) {
		return trace.valueStream()
			.filter((span) -> "erp-service".equals(span.path("localEndpoint").path("serviceName").asString()))
			.filter((span) -> "CLIENT".equals(span.path("kind").asString()))
			.count();
	}

	private static Set<String> services(JsonNode trace) {
		return trace.valueStream()
			.map((span) -> span.path("localEndpoint").path("serviceName").asString())
			.collect(Collectors.toSet());
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
