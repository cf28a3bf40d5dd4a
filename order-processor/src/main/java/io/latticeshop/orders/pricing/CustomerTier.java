package io.latticeshop.orders.pricing;

/**
 * The loyalty tier the ERP assigns to a customer; each earns a discount on the subtotal.
 */
public enum CustomerTier {

	STANDARD(0), GOLD(500), PLATINUM(1000);

	// Basis points keep the discount in integer arithmetic: 500 is 5 %.
	private final int discountBasisPoints;

	CustomerTier(int discountBasisPoints) {
		this.discountBasisPoints = discountBasisPoints;
	}

	int discountBasisPoints() {
		return this.discountBasisPoints;
	}

}
