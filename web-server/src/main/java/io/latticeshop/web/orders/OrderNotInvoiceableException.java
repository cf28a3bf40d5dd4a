package io.latticeshop.web.orders;

import io.latticeshop.lattice.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Only an accepted order has an invoice. */
class OrderNotInvoiceableException extends ErrorResponseException {

	OrderNotInvoiceableException(String orderId, OrderStatus status) {
		super(HttpStatus.UNPROCESSABLE_CONTENT,
				Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("order-not-invoiceable"),
						"Order not invoiceable",
						"Order " + orderId + " is " + status + "; only an accepted order has an invoice"),
				null);
		getBody().setProperty("orderId", orderId);
	}

}
