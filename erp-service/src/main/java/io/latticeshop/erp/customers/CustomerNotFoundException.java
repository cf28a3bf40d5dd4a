package io.latticeshop.erp.customers;

import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No customer has the requested id.
 */
class CustomerNotFoundException extends ErrorResponseException {

	CustomerNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, Problems.type("customer-not-found"),
				"Customer not found", "No customer has the id " + id + "."), null);
		getBody().setProperty("customerId", id);
	}

}
