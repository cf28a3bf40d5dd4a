package io.latticeshop.web.peers;

import java.util.List;

/**
 * What the order processor is asked to price.
 *
 * @param orderId the id the order will be stored under
 * @param customerId the customer placing the order
 * @param customerTier the customer's tier as the ERP reported it
 * @param items the requested items
 */
public record ProcessingRequest(String orderId, String customerId, String customerTier, List<Item> items) {

	/**
	 * One requested item.
	 *
	 * @param sku the SKU
	 * @param quantity how many
	 */
	public record Item(String sku, int quantity) {
	}

}
