package io.latticeshop.orders.lattice;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault of the function's own is still a Lattice response: a 500 problem that tells the
 * caller it may retry, with the cause in the log and not in the answer. An exception out
 * of the handler would be a Lambda error instead, which Lattice turns into a bare 502.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerFailureTests {

	private static final String ORDER_EVENT = """
			{"version":"2.0","path":"/orders/process","method":"POST",
			 "body":"{\\"orderId\\":\\"o\\",\\"customerId\\":\\"c\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":1}]}"}
			""";

	@Test
	void aPricingFailureIsA500ProblemWithTheCauseLoggedNotAnswered(CapturedOutput output) {
		OrderEventHandler handler = new OrderEventHandler((order) -> {
			throw new IllegalStateException("catalog unreadable: /secret/path/catalog.json");
		});

		Message<InputStream> event = MessageBuilder
			.<InputStream>withPayload(new ByteArrayInputStream(ORDER_EVENT.getBytes(StandardCharsets.UTF_8)))
			.build();
		JsonNode response = JsonMapper.shared().readTree(handler.apply(event).getPayload());

		assertThat(response.get("statusCode").asInt()).isEqualTo(500);
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/problem+json");
		JsonNode problem = JsonMapper.shared().readTree(response.get("body").asString());
		assertThat(problem.get("type").asString()).isEqualTo("https://latticeshop.io/problems/internal-error");
		assertThat(problem.get("detail").asString())
			.isEqualTo("The order processor failed; the request may be retried");
		assertThat(response.toString()).doesNotContain("/secret/path");
		assertThat(output.getOut()).contains("Failed to process event")
			.contains("catalog unreadable")
			.contains("status=500");
	}

}
