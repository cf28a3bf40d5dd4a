package io.latticeshop.web.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.latticeshop.lattice.problems.ProblemExceptionHandler;
import io.latticeshop.lattice.problems.Problems;
import io.latticeshop.contracts.InvalidField;
import io.latticeshop.contracts.JsonBodies;
import io.latticeshop.contracts.ProblemTypes;
import tools.jackson.core.JacksonException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The shop's problem handling, with bad input worded for shop clients: every invalid
 * field named as it is written in the request ({@code items[0].quantity}), and a body
 * over the limit a {@code 413}.
 */
@RestControllerAdvice
final class ShopProblemHandling extends ProblemExceptionHandler {

	private static final String INVALID_REQUEST = "Invalid request";

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors
				.add(new InvalidField(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
		return invalid(ex, errors, headers, request);
	}

	// A query parameter is a field of the request too: "limit: must be an integer".
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = (ex.getRequiredType() != null) ? "must be " + JsonBodies.describe(ex.getRequiredType())
				: "has the wrong type";
		return invalid(ex, List.of(new InvalidField(name, expected)), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalid(ex, List.of(new InvalidField(ex.getParameterName(), "is required")), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalid(ex, Problems.invalidParameters(ex), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = cause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge, request);
		}
		JacksonException json = cause(ex, JacksonException.class);
		Optional<InvalidField> field = (json != null) ? JsonBodies.invalidField(json) : Optional.empty();
		if (field.isPresent()) {
			return invalid(ex, List.of(field.get()), headers, request);
		}
		// Spring says "Required request body is missing" with no cause when there is
		// none.
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, INVALID_REQUEST,
				(json != null) ? JsonBodies.detail(json) : JsonBodies.NO_BODY);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(RequestBodyTooLargeException.class)
	ResponseEntity<Object> bodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
				"Request body too large", ex.getMessage());
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
	}

	private ResponseEntity<Object> invalid(Exception ex, List<InvalidField> errors, HttpHeaders headers,
			WebRequest request) {
		List<InvalidField> sorted = errors.stream().sorted(InvalidField.ORDER).toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, INVALID_REQUEST,
				InvalidField.detail(sorted));
		problem.setProperty("errors", sorted);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
