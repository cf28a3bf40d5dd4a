package io.latticeshop.orders.lattice;

import java.util.List;
import java.util.Map;

import io.latticeshop.contracts.InvalidField;

import org.springframework.http.HttpStatus;

/**
 * An event, or the request inside it, that cannot be served. Carries the problem to
 * answer with; never escapes the handler.
 */
class BadEventException extends Exception {

	private final HttpStatus status;

	private final FunctionProblems.Kind kind;

	private final List<InvalidField> errors;

	private final Map<String, String> headers;

	BadEventException(HttpStatus status, FunctionProblems.Kind kind, String detail) {
		this(status, kind, detail, List.of(), Map.of());
	}

	/**
	 * @param errors the fields at fault, for the problem's {@code errors} property
	 * @param headers response headers the problem needs ({@code Allow} on a 405)
	 */
	BadEventException(HttpStatus status, FunctionProblems.Kind kind, String detail, List<InvalidField> errors,
			Map<String, String> headers) {
		super(detail, null, false, false);
		this.status = status;
		this.kind = kind;
		this.errors = List.copyOf(errors);
		this.headers = Map.copyOf(headers);
	}

	HttpStatus status() {
		return this.status;
	}

	FunctionProblems.Kind kind() {
		return this.kind;
	}

	List<InvalidField> errors() {
		return this.errors;
	}

	Map<String, String> headers() {
		return this.headers;
	}

}
