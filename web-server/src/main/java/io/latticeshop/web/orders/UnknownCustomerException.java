package io.latticeshop.web.orders;

import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The ERP does not know the customer: a rule says no (422), not a missing resource of
 * ours (404).
 */
class UnknownCustomerException extends ErrorResponseException {

	UnknownCustomerException(String customerId) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
				Problems.type("unknown-customer"), "Unknown customer", "The ERP knows no customer " + customerId),
				null);
		getBody().setProperty("customerId", customerId);
	}

}
