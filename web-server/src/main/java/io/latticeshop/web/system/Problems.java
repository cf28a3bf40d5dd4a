package io.latticeshop.web.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem types this service answers with. Each kind of problem has a stable
 * {@code type} URI that clients may switch on; titles and details are for humans.
 */
public final class Problems {

	private static final String BASE = "https://latticeshop.io/problems/";

	public static final URI INVALID_REQUEST = type("invalid-request");

	public static final URI REQUEST_TOO_LARGE = type("request-too-large");

	public static final URI NOT_FOUND = type("not-found");

	public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

	public static final URI NOT_ACCEPTABLE = type("not-acceptable");

	public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

	public static final URI INTERNAL_ERROR = type("internal-error");

	private Problems() {
	}

	/**
	 * A problem type URI under the shop's namespace.
	 * @param name the last path segment, such as {@code order-not-found}
	 * @return the type URI
	 */
	public static URI type(String name) {
		return URI.create(BASE + name);
	}

	/**
	 * A problem of a given type.
	 * @param status the HTTP status
	 * @param type the problem type
	 * @param title a short, fixed summary of the type
	 * @param detail what happened this time
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	static URI typeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> INVALID_REQUEST;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> REQUEST_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 500 -> INTERNAL_ERROR;
			default -> {
				HttpStatus known = HttpStatus.resolve(status.value());
				yield type((known != null) ? known.name().toLowerCase().replace('_', '-') : "http-" + status.value());
			}
		};
	}

}
