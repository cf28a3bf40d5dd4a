package io.latticeshop.contracts;

import java.net.URI;

/**
 * The shop's RFC 9457 problem types, defined once for every service (docs/contracts.md).
 * Clients branch on {@code type}, so a type, once published, keeps its meaning. Services
 * add their own domain types with {@link #type(String)}.
 */
public final class ProblemTypes {

	/** Every type lives under this URI. */
	public static final String BASE = "https://latticeshop.io/problems/";

	public static final URI INVALID_REQUEST = type("invalid-request");

	public static final URI NOT_FOUND = type("not-found");

	public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

	public static final URI NOT_ACCEPTABLE = type("not-acceptable");

	public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");

	public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

	public static final URI INTERNAL_ERROR = type("internal-error");

	public static final URI SERVICE_UNAVAILABLE = type("service-unavailable");

	private ProblemTypes() {
	}

	/**
	 * A problem type under the shop's namespace.
	 * @param name the last path segment, such as {@code order-not-found}
	 */
	public static URI type(String name) {
		return URI.create(BASE + name);
	}

	/**
	 * The type for a problem raised without one. Statuses without a name of their own are
	 * {@code http-<status>}: status names change between framework versions (413 and 422
	 * both did), a published type must not.
	 */
	public static URI forStatus(int status) {
		return switch (status) {
			case 400 -> INVALID_REQUEST;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 500 -> INTERNAL_ERROR;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> type("http-" + status);
		};
	}

}
