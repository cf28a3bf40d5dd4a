package io.latticeshop.erp.invoices;

import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The web server has no order with the requested id.
 */
class OrderNotFoundException extends ErrorResponseException {

	OrderNotFoundException(String orderId) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, Problems.type("order-not-found"),
				"Order not found", "The web server has no order " + orderId + "."), null);
		getBody().setProperty("orderId", orderId);
	}

}
