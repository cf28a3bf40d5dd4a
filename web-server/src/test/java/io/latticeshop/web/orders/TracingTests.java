package io.latticeshop.web.orders;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order placed inside a caller's trace: both signed peer calls carry the trace on in
 * {@code traceparent}, and the web server's spans reach a Zipkin-protocol server (played
 * by the peers' WireMock) under that trace id.
 */
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"management.opentelemetry.tracing.export.schedule-delay=200ms" })
class TracingTests extends WireMockPeersTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN = "00f067aa0ba902b7";

	@DynamicPropertySource
	static void traceServer(DynamicPropertyRegistry registry) {
		registry.add("lattice.tracing.zipkin-endpoint", () -> peers.baseUrl() + "/api/v2/spans");
	}

	@Test
	void anOrderCarriesItsCallersTraceToBothPeersAndReportsItsSpans() throws Exception {
		String customer = newCustomerId();
		erpKnows(customer, "Ada Lovelace", "GOLD");
		processorAccepts();
		peers.stubFor(WireMock.post(urlPathEqualTo("/api/v2/spans")).willReturn(WireMock.aResponse().withStatus(202)));

		this.http.post()
			.uri("/api/orders")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
			.body(order(customer))
			.exchange()
			.expectStatus()
			.isCreated();

		for (LoggedRequest call : List.of(
				peers.findAll(WireMock.getRequestedFor(urlPathEqualTo("/api/customers/" + customer))).get(0),
				peers.findAll(postRequestedFor(urlPathEqualTo("/orders/process"))).get(0))) {
			String traceparent = call.getHeader("traceparent");
			assertThat(traceparent).as(call.getUrl()).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
			// A span of the web server's own, not the caller's, is the peer's parent.
			assertThat(traceparent).doesNotContain(CALLER_SPAN);
			assertThat(call.getHeader("Authorization")).doesNotContain("traceparent");
		}

		List<JsonNode> spans = reportedSpans(Duration.ofSeconds(20));
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.path("traceId").asString()).isEqualTo(TRACE_ID);
			assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("web-server");
		});
		assertThat(spans).anySatisfy((span) -> {
			assertThat(span.path("kind").asString()).isEqualTo("SERVER");
			assertThat(span.path("parentId").asString()).isEqualTo(CALLER_SPAN);
		});
		assertThat(spans).filteredOn((span) -> "CLIENT".equals(span.path("kind").asString()))
			.hasSizeGreaterThanOrEqualTo(2);
	}

	/** The spans posted so far, once those of the order (three or more) are all there. */
	private static List<JsonNode> reportedSpans(Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		List<JsonNode> spans = List.of();
		while (System.nanoTime() < deadline) {
			spans = peers.findAll(postRequestedFor(urlPathEqualTo("/api/v2/spans")))
				.stream()
				.flatMap((request) -> JsonMapper.shared().readTree(request.getBodyAsString()).valueStream())
				.filter((span) -> TRACE_ID.equals(span.path("traceId").asString()))
				.toList();
			if (spans.stream().filter((span) -> "CLIENT".equals(span.path("kind").asString())).count() >= 2
					&& spans.stream().anyMatch((span) -> "SERVER".equals(span.path("kind").asString()))) {
				return spans;
			}
			Thread.sleep(100);
		}
		return spans;
	}

}
