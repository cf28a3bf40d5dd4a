package io.latticeshop.web.orders;

import java.time.Instant;
import java.util.List;

/**
 * A stored order and its outcome, accepted or rejected. Written once, never updated.
 *
 * @param id {@code ORD-} and a time-ordered id
 * @param customerId the customer who ordered
 * @param customerName the customer's name when the order was placed
 * @param customerTier the customer's tier when the order was placed
 * @param status the processor's decision
 * @param lines the priced lines, empty when rejected
 * @param subtotal sum of the line totals
 * @param discount the tier discount
 * @param total what the customer pays
 * @param currency ISO 4217 code
 * @param reasons why the order was rejected
 * @param createdAt when the order was stored
 * @param idempotencyKey the client's {@code Idempotency-Key}, if it sent one
 * @param requestHash fingerprint of the request, to tell a retry from a different order
 * under a reused key
 */
record ShopOrder(String id, String customerId, String customerName, String customerTier, OrderStatus status,
		List<OrderLine> lines, long subtotal, long discount, long total, String currency, List<OrderReason> reasons,
		Instant createdAt, String idempotencyKey, String requestHash) {

	boolean isAccepted() {
		return this.status == OrderStatus.ACCEPTED;
	}

	List<String> reasonTexts() {
		return this.reasons.stream().map(OrderReason::reason).toList();
	}

}
