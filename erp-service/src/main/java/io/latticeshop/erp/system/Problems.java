package io.latticeshop.erp.system;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem types this service answers with. Clients branch on {@code type}, so a type,
 * once published, keeps its meaning.
 */
public final class Problems {

	static final String BASE = "https://latticeshop.io/problems/";

	public static final URI INVALID_REQUEST = type("invalid-request");

	public static final URI NOT_FOUND = type("not-found");

	public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

	public static final URI NOT_ACCEPTABLE = type("not-acceptable");

	public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

	public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");

	public static final URI INTERNAL_ERROR = type("internal-error");

	public static final URI SERVICE_UNAVAILABLE = type("service-unavailable");

	public static final URI CUSTOMER_NOT_FOUND = type("customer-not-found");

	public static final URI ORDER_NOT_FOUND = type("order-not-found");

	public static final URI ORDER_NOT_INVOICEABLE = type("order-not-invoiceable");

	private Problems() {
	}

	/**
	 * A problem for an exception to carry: Spring MVC answers an
	 * {@link org.springframework.web.ErrorResponseException} with the problem it holds.
	 * @param status the response status
	 * @param type one of this class's types
	 * @param title a short summary that does not change between occurrences
	 * @param detail what happened this time
	 * @return the problem, ready for extra properties
	 */
	public static ProblemDetail problem(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	static URI type(String slug) {
		return URI.create(BASE + slug);
	}

	/**
	 * The type for a problem that Spring or the servlet container raised without one.
	 * @param status the response status
	 * @return a type named after the status
	 */
	static URI forStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> INVALID_REQUEST;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> status.is5xxServerError() ? INTERNAL_ERROR : type("http-" + status.value());
		};
	}

}
