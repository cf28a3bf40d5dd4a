package io.latticeshop.web.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.latticeshop.client.problems.ProblemExceptionHandler;
import io.latticeshop.client.problems.Problems;
import io.latticeshop.contracts.ProblemTypes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

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
final class ProblemHandling extends ProblemExceptionHandler {

	private static final String INVALID_REQUEST = "Invalid request";

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors
				.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
		// Sorted so that the detail is the same for the same input.
		errors.sort((a, b) -> (a.get("field") + a.get("message")).compareTo(b.get("field") + b.get("message")));
		return invalid(ex, errors, headers, request);
	}

	// A query parameter is a field of the request too: "limit: must be an integer".
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = (ex.getRequiredType() != null) ? "must be " + describe(ex.getRequiredType())
				: "has the wrong type";
		return invalid(ex, List.of(Map.of("field", name, "message", expected)), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalid(ex, List.of(Map.of("field", ex.getParameterName(), "message", "is required")), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach((result) -> result.getResolvableErrors()
				.forEach((error) -> errors
					.add(Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()), "message",
							String.valueOf(error.getDefaultMessage())))));
		return invalid(ex, errors, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = cause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			return bodyTooLarge(tooLarge, request);
		}
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, INVALID_REQUEST,
				"Request body is missing or unreadable");
		JacksonException json = cause(ex, JacksonException.class);
		String duplicate = duplicateKey(json);
		if (duplicate != null) {
			return invalid(ex, List.of(Map.of("field", duplicate, "message", "appears more than once")), headers,
					request);
		}
		// Bad syntax is not any one field's fault; a number out of range is.
		if (json instanceof StreamReadException malformed && !(json instanceof InputCoercionException)) {
			TokenStreamLocation at = malformed.getLocation();
			problem.setDetail("Malformed JSON" + ((at != null && at.getLineNr() > 0)
					? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : ""));
		}
		else if (json != null && !json.getPath().isEmpty()) {
			return invalid(ex, List.of(Map.of("field", path(json), "message", expectation(json))), headers, request);
		}
		else if (json != null) {
			problem.setDetail("Request body must be a JSON object");
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(RequestBodyTooLargeException.class)
	ResponseEntity<Object> bodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
		ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
				"Request body too large", ex.getMessage());
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
	}

	private ResponseEntity<Object> invalid(Exception ex, List<Map<String, String>> errors, HttpHeaders headers,
			WebRequest request) {
		StringBuilder detail = new StringBuilder();
		for (Map<String, String> error : errors) {
			detail.append((detail.isEmpty()) ? "" : "; ")
				.append(error.get("field"))
				.append(": ")
				.append(error.get("message"));
		}
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, INVALID_REQUEST,
				detail.toString());
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * The key that {@code STRICT_DUPLICATE_DETECTION} found twice, as written in the
	 * request ({@code items[0].quantity}), or null for any other failure. Jackson has no
	 * exception type of its own for it; the parser, stopped at the second occurrence,
	 * knows where it is.
	 */
	private static String duplicateKey(JacksonException ex) {
		if (!(ex instanceof StreamReadException read) || !(read.processor() instanceof JsonParser parser)
				|| read.getOriginalMessage() == null || !read.getOriginalMessage().startsWith("Duplicate ")) {
			return null;
		}
		Deque<String> segments = new ArrayDeque<>();
		for (TokenStreamContext context = parser.streamReadContext(); context != null
				&& !context.inRoot(); context = context.getParent()) {
			if (context.inObject() && context.currentName() != null) {
				segments.addFirst(context.currentName());
			}
			else if (context.inArray()) {
				segments.addFirst("[" + context.getCurrentIndex() + "]");
			}
		}
		return String.join(".", segments).replace(".[", "[");
	}

	// items[0].quantity, the way the field is written in the request
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String expectation(JacksonException ex) {
		if (ex instanceof InputCoercionException) {
			return "is out of range";
		}
		if (ex instanceof InvalidFormatException format && format.getTargetType() != null) {
			return "cannot be read as " + describe(format.getTargetType());
		}
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "must be " + describe(mismatch.getTargetType());
		}
		return "has the wrong type";
	}

	private static String describe(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		if (List.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (type.isRecord()) {
			return "an object";
		}
		return "a " + type.getSimpleName();
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
