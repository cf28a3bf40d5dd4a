package io.latticeshop.orders.pricing;

import java.util.List;

/**
 * The outcome of processing an order, as the web server stores it. Money is in minor
 * units of {@code currency}. A rejected order carries no lines and zero amounts: nothing
 * of it may be charged, and {@code reasons} says why.
 */
public record PricedOrder(String orderId, OrderStatus status, List<PricedLine> lines, long subtotal, long discount,
		long total, String currency, List<String> reasons) {

	static final String CURRENCY = "EUR";

	static PricedOrder accepted(String orderId, List<PricedLine> lines, long subtotal, long discount) {
		return new PricedOrder(orderId, OrderStatus.ACCEPTED, List.copyOf(lines), subtotal, discount,
				subtotal - discount, CURRENCY, List.of());
	}

	static PricedOrder rejected(String orderId, List<String> reasons) {
		return new PricedOrder(orderId, OrderStatus.REJECTED, List.of(), 0, 0, 0, CURRENCY, List.copyOf(reasons));
	}

}
