package io.latticeshop.orders.system;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Lattice events made up to take a fresh JVM through the code of a real invocation, for
 * the warm-up at start and for SnapStart priming. The order's caller identity type is
 * {@code WARM_UP} and the other event's path is {@code /warm-up}, so the handler's log
 * lines say where they came from.
 */
final class SyntheticEvents {

	// The happy path (V2) and an error path (V1): each loads its own share of Jackson and
	// Spring.
	private static final List<String> EVENTS = List.of(
			"""
					{"version":"2.0","path":"/orders/process","method":"POST",
					 "headers":{"content-type":["application/json"]},"queryStringParameters":{},
					 "body":"{\\"orderId\\":\\"warm-up\\",\\"customerId\\":\\"warm-up\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":1}]}",
					 "isBase64Encoded":false,
					 "requestContext":{"identity":{"type":"WARM_UP"},"timeEpoch":"0"}}
					""",
			"""
					{"raw_path":"/warm-up?probe=1","method":"GET","headers":{},"body":"","is_base64_encoded":false}
					""");

	private SyntheticEvents() {
	}

	/**
	 * Hands each event to the function as the Lambda adapter does.
	 * @return the status code of each Lattice response, in order
	 */
	static List<Integer> runThrough(Function<Message<InputStream>, Message<byte[]>> function) {
		List<Integer> statuses = new ArrayList<>();
		for (String event : EVENTS) {
			Message<InputStream> message = MessageBuilder
				.<InputStream>withPayload(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)))
				.build();
			byte[] response = function.apply(message).getPayload();
			statuses.add(JsonMapper.shared().readTree(response).path("statusCode").asInt(-1));
		}
		return statuses;
	}

}
