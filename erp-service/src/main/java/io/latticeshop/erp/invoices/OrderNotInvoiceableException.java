package io.latticeshop.erp.invoices;

import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The order exists but no invoice can be written for it.
 */
class OrderNotInvoiceableException extends ErrorResponseException {

	OrderNotInvoiceableException(String orderId, String why) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
				Problems.type("order-not-invoiceable"), "Order not invoiceable", "Order " + orderId + " " + why + "."),
				null);
		getBody().setProperty("orderId", orderId);
	}

}
