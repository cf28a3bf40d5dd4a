package io.latticeshop.web.peers;

import java.util.List;

/**
 * The order processor's verdict. Money in minor units of {@code currency}.
 *
 * @param orderId the order the verdict is for
 * @param status {@code ACCEPTED} or {@code REJECTED}
 * @param lines the priced lines (empty when rejected)
 * @param subtotal sum of the line totals
 * @param discount the tier discount
 * @param total what the customer pays
 * @param currency ISO 4217 code, {@code EUR}
 * @param reasons why the order was rejected, empty when accepted
 */
public record ProcessingResult(String orderId, Status status, List<PricedLine> lines, long subtotal, long discount,
		long total, String currency, List<String> reasons) {

	/**
	 * The processor's decision.
	 */
	public enum Status {

		ACCEPTED, REJECTED

	}

	/**
	 * One priced line.
	 *
	 * @param sku the SKU
	 * @param quantity how many
	 * @param unitPrice price of one unit
	 * @param lineTotal {@code quantity * unitPrice}
	 */
	public record PricedLine(String sku, int quantity, long unitPrice, long lineTotal) {
	}

}
