package io.latticeshop.orders.lattice;

import org.springframework.http.HttpStatus;

/**
 * An event, or the request inside it, that cannot be served. Carries the problem to
 * answer with; never escapes the handler.
 */
class BadEventException extends Exception {

	private final HttpStatus status;

	private final Problems.Kind kind;

	BadEventException(HttpStatus status, Problems.Kind kind, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.kind = kind;
	}

	HttpStatus status() {
		return this.status;
	}

	Problems.Kind kind() {
		return this.kind;
	}

}
