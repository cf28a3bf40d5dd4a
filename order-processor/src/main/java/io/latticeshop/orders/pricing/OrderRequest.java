package io.latticeshop.orders.pricing;

import java.util.ArrayList;
import java.util.List;

import io.latticeshop.contracts.InvalidField;

/**
 * What the web server asks the order processor to price. The tier travels as text so that
 * an unknown tier is reported as an invalid field rather than as unreadable JSON.
 */
public record OrderRequest(String orderId, String customerId, String customerTier, List<OrderItem> items) {

	/** More lines than any shop basket needs; bounds the work one request can cause. */
	static final int MAX_ITEMS = 100;

	/**
	 * Everything that makes this request unusable, before any business rule is applied.
	 * @return one entry per offending field, empty when the request is well formed
	 */
	public List<InvalidField> violations() {
		List<InvalidField> violations = new ArrayList<>();
		if (isBlank(this.orderId)) {
			violations.add(new InvalidField("orderId", "must not be blank"));
		}
		if (isBlank(this.customerId)) {
			violations.add(new InvalidField("customerId", "must not be blank"));
		}
		if (isBlank(this.customerTier)) {
			violations.add(new InvalidField("customerTier", "must not be blank"));
		}
		else if (tierOrNull() == null) {
			violations.add(new InvalidField("customerTier", "must be one of STANDARD, GOLD, PLATINUM"));
		}
		if (this.items == null || this.items.isEmpty()) {
			violations.add(new InvalidField("items", "must contain at least one item"));
			return violations;
		}
		if (this.items.size() > MAX_ITEMS) {
			violations.add(new InvalidField("items", "must contain at most " + MAX_ITEMS + " items"));
			return violations;
		}
		for (int i = 0; i < this.items.size(); i++) {
			OrderItem item = this.items.get(i);
			String at = "items[" + i + "]";
			if (item == null) {
				violations.add(new InvalidField(at, "must not be null"));
				continue;
			}
			if (isBlank(item.sku())) {
				violations.add(new InvalidField(at + ".sku", "must not be blank"));
			}
			if (item.quantity() == null) {
				violations.add(new InvalidField(at + ".quantity", "must not be null"));
			}
			else if (item.quantity() <= 0) {
				violations.add(new InvalidField(at + ".quantity", "must be positive"));
			}
		}
		return violations;
	}

	CustomerTier tier() {
		CustomerTier tier = tierOrNull();
		if (tier == null) {
			throw new IllegalArgumentException("Unknown customer tier: " + this.customerTier);
		}
		return tier;
	}

	private CustomerTier tierOrNull() {
		for (CustomerTier tier : CustomerTier.values()) {
			if (tier.name().equals(this.customerTier)) {
				return tier;
			}
		}
		return null;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
