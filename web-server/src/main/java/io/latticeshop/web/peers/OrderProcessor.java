package io.latticeshop.web.peers;

import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The order processor as the web server uses it: its verdict checked before anyone relies
 * on it. Every failure, and every verdict that cannot be used, is a
 * {@link io.latticeshop.lattice.client.PeerCallException} naming the peer.
 */
@Component
public class OrderProcessor {

	public static final String PEER = "order-processor";

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	// What an order keeps of a line (db/migration).
	private static final int MAX_SKU = 64;

	private final OrderProcessorClient client;

	OrderProcessor(OrderProcessorClient client) {
		this.client = client;
	}

	/**
	 * The verdict on an order: accepted with its priced lines, or rejected with reasons.
	 * @throws io.latticeshop.lattice.client.PeerCallException if the processor could not
	 * answer, or answered about another order or with something an order cannot keep
	 */
	public ProcessingResult process(ProcessingRequest request) {
		ProcessingResult result = PeerAnswers.call(PEER, () -> this.client.process(request));
		if (result == null || result.status() == null || result.currency() == null) {
			throw PeerAnswers.unusable(PEER, "a verdict without status or currency", null);
		}
		if (!request.orderId().equals(result.orderId())) {
			throw PeerAnswers.unusable(PEER, "a verdict on order " + result.orderId() + ", not " + request.orderId(),
					null);
		}
		if (!CURRENCY.matcher(result.currency()).matches()) {
			throw PeerAnswers.unusable(PEER, "a currency that is not an ISO 4217 code", null);
		}
		if (result.lines() != null && result.lines()
			.stream()
			.anyMatch((line) -> line == null || line.sku() == null || line.sku().length() > MAX_SKU)) {
			throw PeerAnswers.unusable(PEER, "a priced line without a SKU an order can keep", null);
		}
		return result;
	}

}
