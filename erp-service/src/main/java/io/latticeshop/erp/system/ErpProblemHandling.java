package io.latticeshop.erp.system;

import java.util.List;

import io.latticeshop.contracts.InvalidField;
import io.latticeshop.lattice.problems.ProblemExceptionHandler;
import io.latticeshop.lattice.problems.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The shop's problem handling, with invalid path and query parameters listed as
 * {@code errors}: one {@code {"field", "message"}} entry per message, sorted, the shape
 * every service answers with (docs/contracts.md).
 */
@RestControllerAdvice
class ErpProblemHandling extends ProblemExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = Problems.invalidParameters(ex);
		errors.sort(InvalidField.ORDER);
		ProblemDetail problem = ex.getBody();
		problem.setDetail(InvalidField.detail(errors));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

}
