package io.latticeshop.erp.customers;

/**
 * A customer as the ERP knows it.
 *
 * @param id the customer id, such as {@code C-1001}
 * @param name full name
 * @param email contact address
 * @param tier the loyalty tier, which drives the order processor's discount
 * @param address billing address; its country decides the tax rate
 */
public record Customer(String id, String name, String email, Tier tier, Address address) {

	/**
	 * Loyalty tier.
	 */
	public enum Tier {

		STANDARD, GOLD, PLATINUM

	}

	/**
	 * A postal address.
	 *
	 * @param street street and number
	 * @param city city
	 * @param postalCode postal code
	 * @param country ISO 3166-1 alpha-2 country code
	 */
	public record Address(String street, String city, String postalCode, String country) {
	}

}
