package io.latticeshop.web.system;

import java.util.List;
import java.util.Map;

import io.latticeshop.lattice.problems.Problems;
import io.latticeshop.contracts.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Input that the binding annotations cannot check, such as a header's format. Answered
 * like every other bad input: {@code 400 invalid-request} naming the field.
 */
public class InvalidRequestException extends ErrorResponseException {

	public InvalidRequestException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
				"Invalid request", field + ": " + message), null);
		getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
	}

}
