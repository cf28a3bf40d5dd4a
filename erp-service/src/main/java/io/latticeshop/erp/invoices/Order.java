package io.latticeshop.erp.invoices;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An order as the web server answers it, reduced to what an invoice needs. Unknown fields
 * are ignored so that the web server can add to its contract without breaking the ERP.
 *
 * @param id the order id
 * @param customerId the customer who placed it
 * @param status {@code ACCEPTED} or {@code REJECTED}
 * @param lines the priced lines
 * @param subtotal sum of the line totals, in minor units
 * @param discount the tier discount, in minor units
 * @param total subtotal less discount, in minor units
 * @param currency ISO 4217 code
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Order(String id, String customerId, String status, List<Line> lines, long subtotal, long discount, long total,
		String currency) {

	static final String ACCEPTED = "ACCEPTED";

	static final String REJECTED = "REJECTED";

	boolean isAccepted() {
		return ACCEPTED.equals(this.status);
	}

	/**
	 * One priced line.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice price of one, in minor units
	 * @param lineTotal quantity times unit price, in minor units
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Line(String sku, int quantity, long unitPrice, long lineTotal) {
	}

}
