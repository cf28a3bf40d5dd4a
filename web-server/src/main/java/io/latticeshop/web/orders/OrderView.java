package io.latticeshop.web.orders;

import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it (docs/contracts.md); the idempotency bookkeeping stays
 * inside.
 */
record OrderView(String id, String customerId, String customerName, String customerTier, OrderStatus status,
		List<OrderLine> lines, long subtotal, long discount, long total, String currency, List<String> reasons,
		Instant createdAt) {

	static OrderView of(ShopOrder order) {
		return new OrderView(order.id(), order.customerId(), order.customerName(), order.customerTier(), order.status(),
				order.lines(), order.subtotal(), order.discount(), order.total(), order.currency(), order.reasonTexts(),
				order.createdAt());
	}

}
