package io.latticeshop.orders.system;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs synthetic events through the function before a SnapStart snapshot is taken, so the
 * classes and JIT state of a real invocation are in the snapshot and the first request
 * after restore does not pay for loading them. Without SnapStart (or any CRaC runtime)
 * the hook is never called and this costs nothing.
 */
public final class SnapStartPriming implements Resource {

	private static final Logger logger = LoggerFactory.getLogger(SnapStartPriming.class);

	// The happy path and an error path: both load their own share of Jackson and Spring.
	private static final List<String> EVENTS = List.of(
			"""
					{"version":"2.0","path":"/orders/process","method":"POST",
					 "headers":{"content-type":["application/json"]},"queryStringParameters":{},
					 "body":"{\\"orderId\\":\\"priming\\",\\"customerId\\":\\"priming\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":1}]}",
					 "isBase64Encoded":false,
					 "requestContext":{"identity":{"type":"SNAPSTART_PRIMING"},"timeEpoch":"0"}}
					""",
			"""
					{"raw_path":"/priming?probe=1","method":"GET","headers":{},"body":"","is_base64_encoded":false}
					""");

	private final FunctionCatalog catalog;

	private final String definition;

	public SnapStartPriming(FunctionCatalog catalog, String definition) {
		this.catalog = catalog;
		this.definition = definition;
		// CRaC holds resources weakly; the application context keeps this bean alive.
		Core.getGlobalContext().register(this);
	}

	@Override
	public void beforeCheckpoint(Context<? extends Resource> context) {
		List<Integer> statuses = prime();
		logger.info("Primed {} before checkpoint: statuses {}", this.definition, statuses);
	}

	@Override
	public void afterRestore(Context<? extends Resource> context) {
	}

	/**
	 * Invokes the function as the Lambda adapter does, with each synthetic event.
	 * @return the status code of each Lattice response, for the log and for tests
	 */
	public List<Integer> prime() {
		Function<Message<InputStream>, Message<byte[]>> function = this.catalog.lookup(this.definition,
				"application/json");
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
