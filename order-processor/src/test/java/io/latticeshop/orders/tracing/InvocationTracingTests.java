package io.latticeshop.orders.tracing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An invocation continues the trace its Lattice event carries, V1 or V2, and its span
 * reaches a Zipkin-protocol server (a loopback HTTP server here) in a batch sent beside
 * the invocations, never by them.
 */
class InvocationTracingTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String CALLER_SPAN = "b7ad6b7169203331";

	private static final String ORDER = "{\\\"orderId\\\":\\\"o\\\",\\\"customerId\\\":\\\"c\\\",\\\"customerTier\\\":\\\"GOLD\\\","
			+ "\\\"items\\\":[{\\\"sku\\\":\\\"SKU-1\\\",\\\"quantity\\\":1}]}";

	private final List<String> posted = new CopyOnWriteArrayList<>();

	// Open unless a test puts a closed one here: the trace server then holds each request
	// until it opens.
	private volatile CountDownLatch hold = new CountDownLatch(0);

	private final CountDownLatch received = new CountDownLatch(1);

	private HttpServer zipkin;

	@BeforeEach
	void startTraceServer() throws Exception {
		this.zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.zipkin.createContext("/api/v2/spans", (exchange) -> {
			InputStream body = exchange.getRequestBody();
			if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			this.posted.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
			this.received.countDown();
			try {
				this.hold.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		this.zipkin.setExecutor(Executors.newCachedThreadPool());
		this.zipkin.start();
	}

	@AfterEach
	void stopTraceServer() {
		this.zipkin.stop(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "V1", "V2" })
	void anInvocationIsASpanOfItsCallersTrace(String version) {
		String traceparent = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
		String event = version.equals("V1") ? """
				{"raw_path":"/orders/process","method":"POST","is_base64_encoded":false,
				 "headers":{"content-type":"application/json","traceparent":"%s"},"body":"%s"}
				""".formatted(traceparent, ORDER) : """
				{"version":"2.0","path":"/orders/process","method":"POST",
				 "headers":{"content-type":["application/json"],"traceparent":["%s"]},"body":"%s"}
				""".formatted(traceparent, ORDER);
		ZipkinInvocationTracing tracing = tracing();
		OrderEventHandler handler = new OrderEventHandler(new OrderPricing(), tracing);

		JsonNode response = JsonMapper.shared().readTree(handler.apply(message(event)).getPayload());

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(spans()).hasSize(1);
		JsonNode span = spans().get(0);
		assertThat(span.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(span.path("parentId").asString()).isEqualTo(CALLER_SPAN);
		assertThat(span.path("id").asString()).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
		assertThat(span.path("kind").asString()).isEqualTo("SERVER");
		assertThat(span.path("name").asString()).isEqualToIgnoringCase("post /orders/process");
		assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("order-processor");
		assertThat(span.path("tags").path("http.response.status_code").asString()).isEqualTo("200");
	}

	// Were spans sent by the invocation, the second invocation would wait for the server,
	// which holds the first batch until the test lets it go.
	@Test
	void anInvocationDoesNotWaitForTheTraceServer() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		this.hold = held;
		ZipkinInvocationTracing tracing = tracing();
		tracing.start("POST", "/", sampled()).end(200);
		assertThat(this.received.await(10, TimeUnit.SECONDS)).isTrue();

		assertTimeoutPreemptively(Duration.ofSeconds(3), () -> tracing.start("POST", "/", sampled()).end(200));

		held.countDown();
		assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(spans()).hasSize(2);
	}

	@Test
	void oneRequestCarriesTheSpansOfManyInvocations() {
		ZipkinInvocationTracing tracing = tracing();
		for (int i = 0; i < 20; i++) {
			tracing.start("POST", "/", sampled()).end(200);
		}

		assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(spans()).hasSize(20);
		assertThat(this.posted).hasSizeLessThan(20);
	}

	// The set-up's warm-up span runs under such a parent: it must never reach the server.
	@Test
	void aSpanUnderAnUnsampledParentIsNeverSent() {
		ZipkinInvocationTracing tracing = tracing();

		tracing.start("POST", "/", Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-00")))
			.end(200);
		tracing.start("POST", "/", Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")))
			.end(200);

		assertThat(tracing.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(spans()).hasSize(1);
		assertThat(spans().get(0).path("parentId").asString()).isEqualTo(CALLER_SPAN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01", "not a traceparent" })
	void withoutATraceServerOnlyTheTraceIdIsRead(String traceparent) {
		String traceId = InvocationTracing.IDS_ONLY
			.start("POST", "/orders/process", Map.of("traceparent", List.of(traceparent)))
			.traceId();
		assertThat(traceId).isEqualTo(traceparent.startsWith("00-") ? TRACE_ID : "-");
	}

	private ZipkinInvocationTracing tracing() {
		return ZipkinInvocationTracing
			.create("http://127.0.0.1:" + this.zipkin.getAddress().getPort() + "/api/v2/spans", 1.0);
	}

	private static Map<String, List<String>> sampled() {
		return Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"));
	}

	private static Message<InputStream> message(String event) {
		return MessageBuilder.<InputStream>withPayload(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)))
			.build();
	}

	// Every span the server received, in the order they came.
	private List<JsonNode> spans() {
		List<JsonNode> spans = new ArrayList<>();
		for (String batch : this.posted) {
			JsonMapper.shared().readTree(batch).forEach(spans::add);
		}
		return spans;
	}

}
