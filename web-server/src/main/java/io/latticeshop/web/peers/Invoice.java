package io.latticeshop.web.peers;

import java.util.List;

/**
 * An order's invoice as the ERP makes it: the order read back from the web server, the
 * ERP's customer data and tax. Money in minor units.
 *
 * @param orderId the invoiced order
 * @param customerId who is billed
 * @param customer the billing name and email from the ERP
 * @param lines the order's priced lines
 * @param discount the order's discount
 * @param net the total after discount, before tax
 * @param taxRate the rate, as a decimal string such as {@code "0.20"}
 * @param tax the tax on {@code net}
 * @param total {@code net} plus {@code tax}
 * @param currency ISO 4217 code
 */
public record Invoice(String orderId, String customerId, BillTo customer, List<Line> lines, long discount, long net,
		String taxRate, long tax, long total, String currency) {

	/** Who is billed; the ERP's address and other fields are not read. */
	public record BillTo(String name, String email) {
	}

	/** One invoiced line. */
	public record Line(String sku, int quantity, long unitPrice, long lineTotal) {
	}

}
