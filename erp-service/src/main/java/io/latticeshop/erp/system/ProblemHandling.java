package io.latticeshop.erp.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.latticeshop.client.problems.ProblemExceptionHandler;

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
class ProblemHandling extends ProblemExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String field = String.valueOf(result.getMethodParameter().getParameterName());
			result.getResolvableErrors()
				.forEach((error) -> errors
					.add(Map.of("field", field, "message", String.valueOf(error.getDefaultMessage()))));
		});
		errors.sort(Comparator.comparing((Map<String, String> error) -> error.get("field"))
			.thenComparing((error) -> error.get("message")));
		ProblemDetail problem = ex.getBody();
		problem.setDetail(errors.stream()
			.map((error) -> error.get("field") + " " + error.get("message"))
			.collect(Collectors.joining("; ")));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

}
