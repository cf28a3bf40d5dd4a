package io.latticeshop.erp.invoices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.latticeshop.erp.customers.Customer;

/**
 * An invoice for an accepted order. Money in minor units.
 *
 * @param orderId the invoiced order
 * @param customerId who is billed
 * @param customer billing details from the ERP's own customer data
 * @param lines the order's priced lines
 * @param discount the order's discount
 * @param net the order total after discount, before tax
 * @param taxRate the rate applied, as a decimal string such as {@code "0.20"}, so that no
 * client reads it through a binary floating point number
 * @param tax net times rate, rounded half up to a whole minor unit
 * @param total net plus tax
 * @param currency ISO 4217 code
 */
record Invoice(String orderId, String customerId, BillTo customer, List<Line> lines, long discount, long net,
		String taxRate, long tax, long total, String currency) {

	static final String DEFAULT_CURRENCY = "EUR";

	static Invoice of(String orderId, Order order, Customer customer) {
		BigDecimal rate = TaxRates.forCountry(customer.address().country());
		long net = order.total();
		long tax = BigDecimal.valueOf(net).multiply(rate).setScale(0, RoundingMode.HALF_UP).longValueExact();
		List<Line> lines = (order.lines() != null) ? order.lines()
			.stream()
			.map((line) -> new Line(line.sku(), line.quantity(), line.unitPrice(), line.lineTotal()))
			.toList() : List.of();
		String currency = (order.currency() != null) ? order.currency() : DEFAULT_CURRENCY;
		return new Invoice(orderId, customer.id(), new BillTo(customer.name(), customer.email(), customer.address()),
				lines, order.discount(), net, rate.toPlainString(), tax, Math.addExact(net, tax), currency);
	}

	/**
	 * Who the invoice is addressed to.
	 *
	 * @param name the customer's name
	 * @param email the customer's email
	 * @param address the billing address
	 */
	record BillTo(String name, String email, Customer.Address address) {
	}

	/**
	 * One invoiced line.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice price of one
	 * @param lineTotal quantity times unit price
	 */
	record Line(String sku, int quantity, long unitPrice, long lineTotal) {
	}

}
