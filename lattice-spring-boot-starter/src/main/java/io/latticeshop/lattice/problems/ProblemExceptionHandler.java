package io.latticeshop.lattice.problems;

import io.latticeshop.contracts.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a handler raises as {@code application/problem+json} with a stable type.
 * Spring MVC's own exceptions (400, 404, 405, 406, 415, ...) keep Spring's status and
 * detail but come with {@code about:blank}, which tells a client nothing it could branch
 * on, so they get the type named after their status; whatever is left is a 500 that tells
 * the caller nothing about the internals.
 * <p>
 * A service that words some problems its own way (validation errors, say) extends this
 * class as a bean of its own, which replaces the shared one.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	@ExceptionHandler(Exception.class)
	protected ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		// A caller can never cause this; the log, not the answer, says what went wrong.
		log.error("Unexpected failure handling {}", request.getDescription(false), ex);
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
				"Internal error", "The server failed to handle the request; its log has the details");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	// Last stop for every problem this advice renders, Spring's own included.
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			Problems.typed(problem);
			if (headers.getContentType() == null) {
				// Set, the type is what gets written, whatever the Accept header says: an
				// Accept that is no media type at all ("???") would otherwise leave the
				// 406 without a body, as Spring could not negotiate the problem's type.
				HttpHeaders withType = new HttpHeaders();
				withType.putAll(headers);
				withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
				headers = withType;
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

}
