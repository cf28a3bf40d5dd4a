package io.latticeshop.orders.pricing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.latticeshop.data.Catalog;

/**
 * Prices an order against the catalog and decides whether the shop accepts it. Pure: the
 * same request always gets the same answer, and nothing outside it is read or written.
 * <p>
 * The caller validates the request first ({@link OrderRequest#violations()}); this
 * function refuses an invalid one. Every rule that says no is reported, not only the
 * first, so the shopper can fix the whole basket at once.
 */
public final class OrderPricing implements Function<OrderRequest, PricedOrder> {

	private final Catalog catalog;

	public OrderPricing() {
		this(Catalog.shop());
	}

	OrderPricing(Catalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public PricedOrder apply(OrderRequest request) {
		if (!request.violations().isEmpty()) {
			throw new IllegalArgumentException("Invalid order request: " + request.violations());
		}
		List<String> reasons = new ArrayList<>();
		List<PricedLine> lines = new ArrayList<>();
		// Limits apply per SKU per order, so two lines of the same SKU share one
		// allowance.
		Map<String, Long> unitsBySku = new LinkedHashMap<>();
		for (OrderItem item : request.items()) {
			var catalogItem = this.catalog.find(item.sku());
			if (catalogItem.isEmpty()) {
				String reason = item.sku() + ": unknown SKU";
				if (!reasons.contains(reason)) {
					reasons.add(reason);
				}
				continue;
			}
			long unitPrice = catalogItem.get().unitPrice();
			lines.add(new PricedLine(item.sku(), item.quantity(), unitPrice,
					Math.multiplyExact(unitPrice, (long) item.quantity())));
			unitsBySku.merge(item.sku(), (long) item.quantity(), Long::sum);
		}
		unitsBySku.forEach((sku, units) -> {
			int limit = this.catalog.find(sku).orElseThrow().maxPerOrder();
			if (units > limit) {
				reasons.add(sku + ": quantity " + units + " exceeds the per-order limit of " + limit);
			}
		});
		if (!reasons.isEmpty()) {
			return PricedOrder.rejected(request.orderId(), reasons);
		}
		long subtotal = lines.stream().mapToLong(PricedLine::lineTotal).reduce(0, Math::addExact);
		return PricedOrder.accepted(request.orderId(), lines, subtotal, discount(subtotal, request.tier()));
	}

	/**
	 * The tier discount in cents. Commercial rounding (half up) on the whole subtotal,
	 * not per line, so the discount never drifts from the advertised rate by more than
	 * half a cent however many lines an order has.
	 */
	static long discount(long subtotal, CustomerTier tier) {
		long scaled = Math.multiplyExact(subtotal, (long) tier.discountBasisPoints());
		return (scaled + 5_000) / 10_000;
	}

}
