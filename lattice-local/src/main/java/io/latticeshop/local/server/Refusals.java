package io.latticeshop.local.server;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Requests refused for their form before any handler sees them. */
final class Refusals {

	private Refusals() {
	}

	/**
	 * Hands an exchange whose head has arrived to the handler, unless its form is
	 * refused; the same for an HTTP/1.1 connection and an HTTP/2 stream.
	 */
	static void dispatch(Exchange exchange, Limits limits, RequestHandler handler) {
		Refusal refusal = of(exchange.request(), limits);
		if (refusal != null) {
			// Framing can no longer be trusted: answer and close.
			exchange.closeWhenDone();
			exchange.failBody(new Exchange.BodyException(refusal.status(), refusal.reason()));
			exchange.respond(refusal.status(), refusal.reason(), null);
			return;
		}
		try {
			handler.handle(exchange);
		}
		catch (RuntimeException ex) {
			System.err.println("lattice-local: request failed: " + ex);
			if (!exchange.responseStarted()) {
				exchange.respond(500, "Internal Server Error: lattice-local failed on this request", null);
			}
			else {
				exchange.abort();
			}
		}
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
		// HTTP/2 streams reach here as HTTP/1.1 requests; a request line naming any other
		// version (HTTP/1.2, HTTP/2.0) is not one this server can frame an answer for.
		HttpVersion version = request.protocolVersion();
		if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
			return new Refusal(505, "HTTP Version Not Supported: " + version.text()
					+ " on a request line; this endpoint speaks HTTP/1.0, HTTP/1.1 and HTTP/2");
		}
		HttpHeaders headers = request.headers();
		if (headers.size() > limits.maxHeaderCount()) {
			return new Refusal(431, "Request Header Fields Too Large: a request may have " + limits.maxHeaderCount()
					+ " header fields at most");
		}
		return null;
	}

}
