package io.latticeshop.data;

/**
 * The sample customers: the ERP's seed, and what the web server's standalone stub of the
 * ERP answers with. A JSON array on the classpath, each customer with {@code id},
 * {@code name}, {@code email}, {@code tier} ({@code STANDARD}, {@code GOLD},
 * {@code PLATINUM}) and a billing {@code address}.
 */
public final class Customers {

	/** The classpath resource that holds them. */
	public static final String RESOURCE = "data/customers.json";

	private Customers() {
	}

}
