package io.latticeshop.web.orders;

import io.latticeshop.client.problems.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An {@code Idempotency-Key} came back with a different order: most likely a client bug,
 * and guessing which order was meant would be worse than refusing.
 */
class IdempotencyKeyReusedException extends ErrorResponseException {

	IdempotencyKeyReusedException(String key, String orderId) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
				Problems.type("idempotency-key-reused"), "Idempotency key reused",
				"Idempotency-Key '" + key + "' was already used for order " + orderId + " with a different request"),
				null);
		getBody().setProperty("orderId", orderId);
	}

}
