package io.latticeshop.erp.system;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.latticeshop.client.problems.ProblemExceptionHandler;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The shop's problem handling, with invalid path and query parameters listed as
 * {@code errors}, one entry per parameter name.
 */
@RestControllerAdvice
class ProblemHandling extends ProblemExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Map<String, String> errors = ex.getParameterValidationResults()
			.stream()
			.collect(Collectors.toMap((result) -> String.valueOf(result.getMethodParameter().getParameterName()),
					(result) -> messages(result.getResolvableErrors()), (first, second) -> first + "; " + second));
		ProblemDetail problem = ex.getBody();
		problem.setDetail(errors.entrySet()
			.stream()
			.map((error) -> error.getKey() + " " + error.getValue())
			.collect(Collectors.joining("; ")));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	private static String messages(List<MessageSourceResolvable> errors) {
		return errors.stream()
			.map(MessageSourceResolvable::getDefaultMessage)
			.map(String::valueOf)
			.collect(Collectors.joining("; "));
	}

}
