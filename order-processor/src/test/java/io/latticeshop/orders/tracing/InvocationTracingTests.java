package io.latticeshop.orders.tracing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * An invocation continues the trace its Lattice event carries, V1 or V2, and its span
 * reaches a Zipkin-protocol server (a loopback HTTP server here) before the invocation
 * returns.
 */
class InvocationTracingTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String CALLER_SPAN = "b7ad6b7169203331";

	private static final String ORDER = "{\\\"orderId\\\":\\\"o\\\",\\\"customerId\\\":\\\"c\\\",\\\"customerTier\\\":\\\"GOLD\\\","
			+ "\\\"items\\\":[{\\\"sku\\\":\\\"SKU-1\\\",\\\"quantity\\\":1}]}";

	private final List<String> posted = new CopyOnWriteArrayList<>();

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
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		this.zipkin.start();
	}

	@AfterEach
	void stopTraceServer() {
		this.zipkin.stop(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "V1", "V2" })
	void anInvocationIsASpanOfItsCallersTraceSentBeforeItReturns(String version) {
		String traceparent = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
		String event = version.equals("V1") ? """
				{"raw_path":"/orders/process","method":"POST","is_base64_encoded":false,
				 "headers":{"content-type":"application/json","traceparent":"%s"},"body":"%s"}
				""".formatted(traceparent, ORDER) : """
				{"version":"2.0","path":"/orders/process","method":"POST",
				 "headers":{"content-type":["application/json"],"traceparent":["%s"]},"body":"%s"}
				""".formatted(traceparent, ORDER);
		OrderEventHandler handler = new OrderEventHandler(new OrderPricing(), ZipkinInvocationTracing
			.create("http://127.0.0.1:" + this.zipkin.getAddress().getPort() + "/api/v2/spans", 1.0));

		Message<InputStream> message = MessageBuilder
			.<InputStream>withPayload(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)))
			.build();
		JsonNode response = JsonMapper.shared().readTree(handler.apply(message).getPayload());

		assertThat(response.get("statusCode").asInt()).isEqualTo(200);
		// Already there when the invocation has returned: nothing waits in a batch.
		assertThat(this.posted).hasSize(1);
		JsonNode span = JsonMapper.shared().readTree(this.posted.get(0)).get(0);
		assertThat(span.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(span.path("parentId").asString()).isEqualTo(CALLER_SPAN);
		assertThat(span.path("id").asString()).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
		assertThat(span.path("kind").asString()).isEqualTo("SERVER");
		assertThat(span.path("name").asString()).isEqualToIgnoringCase("post /orders/process");
		assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("order-processor");
		assertThat(span.path("tags").path("http.response.status_code").asString()).isEqualTo("200");
	}

	// The set-up's warm-up span runs under such a parent: it must never reach the server.
	@Test
	void aSpanUnderAnUnsampledParentIsNeverSent() {
		InvocationTracing tracing = ZipkinInvocationTracing
			.create("http://127.0.0.1:" + this.zipkin.getAddress().getPort() + "/api/v2/spans", 1.0);

		tracing
			.start("POST", "/", java.util.Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-00")))
			.end(200);
		tracing
			.start("POST", "/", java.util.Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")))
			.end(200);

		// The sampled one is sent before end() returns; had the first been, it would be
		// too.
		assertThat(this.posted).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01", "not a traceparent" })
	void withoutATraceServerOnlyTheTraceIdIsRead(String traceparent) {
		String traceId = InvocationTracing.IDS_ONLY
			.start("POST", "/orders/process", java.util.Map.of("traceparent", List.of(traceparent)))
			.traceId();
		assertThat(traceId).isEqualTo(traceparent.startsWith("00-") ? TRACE_ID : "-");
	}

}
