package io.latticeshop.erp.customers;

import io.latticeshop.erp.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No customer has the requested id.
 */
class CustomerNotFoundException extends ErrorResponseException {

	CustomerNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, Problems.problem(HttpStatus.NOT_FOUND, Problems.CUSTOMER_NOT_FOUND,
				"Customer not found", "No customer has the id " + id + "."), null);
		getBody().setProperty("customerId", id);
	}

}
