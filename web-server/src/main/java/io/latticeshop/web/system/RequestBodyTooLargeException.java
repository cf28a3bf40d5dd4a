package io.latticeshop.web.system;

import java.io.IOException;

/**
 * A request body went over the limit. An {@link IOException} because it is raised while a
 * message converter reads the body, and converters pass I/O failures on as their cause.
 */
final class RequestBodyTooLargeException extends IOException {

	RequestBodyTooLargeException(long limit) {
		super("Request body is larger than " + limit + " bytes");
	}

}
