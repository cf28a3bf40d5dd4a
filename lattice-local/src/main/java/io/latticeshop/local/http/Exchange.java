package io.latticeshop.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a connection of {@link HttpServer}. The server owns
 * framing and connection management: a handler reads {@link #body()}, calls
 * {@link #respond} once and writes the body it returns; returning from the handler
 * finishes the response.
 */
public final class Exchange {

	/**
	 * Unread request body the server reads past to keep the connection; beyond, it
	 * closes.
	 */
	static final long MAX_SKIPPED_BODY = 64 * 1024;

	private final RequestHead request;

	private final InetSocketAddress remoteAddress;

	private final Output out;

	private final RequestBody body;

	private ResponseBody response;

	private boolean closeAfter;

	Exchange(RequestHead request, InetSocketAddress remoteAddress, Input in, Output out) {
		this.request = request;
		this.remoteAddress = remoteAddress;
		this.out = out;
		Output continueTo = request.expectsContinue() ? out : null;
		this.body = request.chunked() ? RequestBody.chunked(in, continueTo)
				: RequestBody.ofLength(in, request.contentLength(), continueTo);
		this.closeAfter = !request.keepAlive();
	}

	public String method() {
		return this.request.method();
	}

	public String rawPath() {
		return this.request.rawPath();
	}

	/** The query as sent, without {@code ?}; null when the target has none. */
	public String rawQuery() {
		return this.request.rawQuery();
	}

	/** The version from the request line, e.g. {@code HTTP/1.1}. */
	public String protocol() {
		return this.request.protocol();
	}

	public InetSocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	/** Request headers by lower-case name, values in the order received; unmodifiable. */
	public Map<String, List<String>> headers() {
		return this.request.headers();
	}

	/** The first value of a header, by lower-case name; null when absent. */
	public String header(String name) {
		return this.request.header(name);
	}

	/** The request body; empty when the request has none. */
	public InputStream body() {
		return this.body;
	}

	/**
	 * Sends the status line and headers (with the body's framing) and returns the body's
	 * stream; closing the stream sends the response. {@code length} is the body's length,
	 * -1 when not known (chunked, or until the connection closes for HTTP/1.0). Framing
	 * and {@code Connection} headers in {@code headers} are ignored, except that
	 * {@code Connection: close} closes the connection after this response.
	 * @throws IllegalArgumentException when a header name or value could split the head
	 */
	public OutputStream respond(int status, Map<String, List<String>> headers, long length) throws IOException {
		if (this.response != null) {
			throw new IllegalStateException("the response has already started");
		}
		checkHeaders(headers);
		boolean http10 = this.request.http10();
		boolean noBody = status < 200 || status == 204 || status == 304 || this.request.method().equals("HEAD");
		this.closeAfter |= (length < 0 && http10 && !noBody) || (this.body.awaitingContinue() && !this.body.finished())
				|| this.body.knownRemaining() > MAX_SKIPPED_BODY;
		this.body.forgoContinue();

		this.out.writeText("HTTP/1.1 ");
		this.out.writeText(Integer.toString(status));
		this.out.writeText(Reasons.phrase(status));
		this.out.writeLineEnd();
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			String name = header.getKey();
			if (name.equalsIgnoreCase("connection")) {
				this.closeAfter |= header.getValue().stream().anyMatch((value) -> RequestHead.hasToken(value, "close"));
			}
			else if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) {
				for (String value : header.getValue()) {
					this.out.writeText(name);
					this.out.writeText(": ");
					this.out.writeText(value);
					this.out.writeLineEnd();
				}
			}
		}
		if (noBody) {
			this.response = ResponseBody.none(this.out);
		}
		else if (length >= 0) {
			this.out.writeText("Content-Length: ");
			this.out.writeText(Long.toString(length));
			this.out.writeLineEnd();
			this.response = ResponseBody.ofLength(this.out, length);
		}
		else if (http10) {
			this.response = ResponseBody.untilClose(this.out);
		}
		else {
			this.out.writeText("Transfer-Encoding: chunked\r\n");
			this.response = ResponseBody.chunked(this.out);
		}
		if (this.closeAfter) {
			this.out.writeText("Connection: close\r\n");
		}
		else if (http10) {
			this.out.writeText("Connection: keep-alive\r\n");
		}
		this.out.writeLineEnd();
		return this.response;
	}

	boolean responseStarted() {
		return this.response != null;
	}

	/**
	 * Finishes the response after the handler returned and readies the connection for the
	 * next request; false when it has to close instead.
	 */
	boolean finish() throws IOException {
		if (this.response == null) {
			// Nothing was said, and nothing sensible can be: the client sees the close.
			return false;
		}
		this.response.close();
		return this.response.complete() && !this.closeAfter && this.body.skipRest(MAX_SKIPPED_BODY);
	}

	private static void checkHeaders(Map<String, List<String>> headers) {
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			if (!RequestHead.isToken(header.getKey())) {
				throw new IllegalArgumentException("illegal response header name '" + header.getKey() + "'");
			}
			for (String value : header.getValue()) {
				for (int i = 0; i < value.length(); i++) {
					char c = value.charAt(i);
					if (c == '\r' || c == '\n' || c == 0) {
						throw new IllegalArgumentException("illegal character in response header " + header.getKey());
					}
				}
			}
		}
	}

}
