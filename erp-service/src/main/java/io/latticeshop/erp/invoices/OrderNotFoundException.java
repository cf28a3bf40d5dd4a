package io.latticeshop.erp.invoices;

import io.latticeshop.erp.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The web server has no order with the requested id.
 */
class OrderNotFoundException extends ErrorResponseException {

	OrderNotFoundException(String orderId) {
		super(HttpStatus.NOT_FOUND, Problems.problem(HttpStatus.NOT_FOUND, Problems.ORDER_NOT_FOUND, "Order not found",
				"The web server has no order " + orderId + "."), null);
		getBody().setProperty("orderId", orderId);
	}

}
