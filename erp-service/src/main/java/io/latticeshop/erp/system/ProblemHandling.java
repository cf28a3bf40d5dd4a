package io.latticeshop.erp.system;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a handler raises becomes an {@code application/problem+json} answer with a
 * type under {@code https://latticeshop.io/problems/}. Spring's own exceptions (bad
 * input, unknown paths, wrong method or media type) come with {@code about:blank}, which
 * tells a client nothing it could branch on, so they get a type named after their status.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

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

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		// A caller can never cause this; the log, not the answer, says what went wrong.
		log.error("Unexpected failure handling {}", request.getDescription(false), ex);
		ProblemDetail problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
				"Internal error", "The ERP failed unexpectedly; its log has the details.");
		return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			typed(problem);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	static ProblemDetail typed(ProblemDetail problem) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(Problems.forStatus(HttpStatusCode.valueOf(problem.getStatus())));
		}
		return problem;
	}

	private static String messages(List<MessageSourceResolvable> errors) {
		return errors.stream()
			.map(MessageSourceResolvable::getDefaultMessage)
			.map(String::valueOf)
			.collect(Collectors.joining("; "));
	}

}
