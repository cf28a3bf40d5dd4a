package io.latticeshop.web.orders;

import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class OrderNotFoundException extends ErrorResponseException {

	OrderNotFoundException(String orderId) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, Problems.type("order-not-found"),
				"Order not found", "No order " + orderId), null);
		getBody().setProperty("orderId", orderId);
	}

}
