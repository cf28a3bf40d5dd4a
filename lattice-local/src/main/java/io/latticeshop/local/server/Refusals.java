package io.latticeshop.local.server;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Requests refused for their form before any handler sees them. */
final class Refusals {

	private Refusals() {
	}

	/** A status and reason, or null when the request's form is acceptable. */
	record Refusal(int status, String reason) {
	}

	static Refusal of(HttpRequest request, Limits limits) {
		if (request.decoderResult().isFailure()) {
			Throwable cause = request.decoderResult().cause();
			if (cause instanceof TooLongHttpLineException) {
				return new Refusal(414,
						"URI Too Long: the request line may be " + limits.maxRequestLineBytes() + " bytes at most");
			}
			if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
				return new Refusal(431, "Request Header Fields Too Large: the header lines may be "
						+ limits.maxHeaderBytes() + " bytes at most");
			}
			return new Refusal(400, "Bad Request: " + cause.getMessage());
		}
		HttpHeaders headers = request.headers();
		if (headers.size() > limits.maxHeaderCount()) {
			return new Refusal(431, "Request Header Fields Too Large: a request may have " + limits.maxHeaderCount()
					+ " header fields at most");
		}
		return null;
	}

}
