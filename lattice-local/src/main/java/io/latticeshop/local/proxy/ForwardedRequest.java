package io.latticeshop.local.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import io.latticeshop.local.http.Exchange;

/**
 * A request on its way to a target: the client's request with Lattice's headers already
 * applied, plus the handle to answer it. Header names are lower case.
 */
public final class ForwardedRequest {

	private final Exchange exchange;

	private final Map<String, List<String>> headers;

	private final Map<String, List<String>> query;

	private final Map<String, String> latticeContext;

	ForwardedRequest(Exchange exchange, Map<String, List<String>> headers, Map<String, List<String>> query,
			Map<String, String> latticeContext) {
		this.exchange = exchange;
		this.headers = headers;
		this.query = query;
		this.latticeContext = latticeContext;
	}

	public String method() {
		return this.exchange.method();
	}

	public String rawPath() {
		return this.exchange.rawPath();
	}

	public String rawQuery() {
		return this.exchange.rawQuery();
	}

	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/** The query parameters, decoded, parsed once for the auth policy. */
	public Map<String, List<String>> query() {
		return this.query;
	}

	/**
	 * Identity and topology facts (principal, sessionName, sourceVpcArn, serviceArn,
	 * serviceNetworkArn, targetGroupArn, region, type) for targets that need them as
	 * structured data rather than headers (Lambda events).
	 */
	public Map<String, String> latticeContext() {
		return this.latticeContext;
	}

	/**
	 * The client's body; failures to read it surface as
	 * {@link Target.BadRequestBodyException}, so that they are not taken for the
	 * target's.
	 */
	public InputStream body() {
		return new FilterInputStream(this.exchange.body()) {

			@Override
			public int read() throws IOException {
				try {
					return super.read();
				}
				catch (IOException ex) {
					throw badBody(ex);
				}
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				try {
					return super.read(buffer, offset, length);
				}
				catch (IOException ex) {
					throw badBody(ex);
				}
			}

		};
	}

	private static Target.BadRequestBodyException badBody(IOException ex) {
		return (ex instanceof Target.BadRequestBodyException bad) ? bad
				: new Target.BadRequestBodyException("the request body cannot be read: " + ex.getMessage(), ex);
	}

	public boolean hasBody() {
		String length = first("content-length");
		return (length != null && !length.equals("0")) || first("transfer-encoding") != null;
	}

	public String first(String header) {
		List<String> values = this.headers.get(header);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Sends status and headers; {@code length} is the body length, -1 when not known.
	 * HEAD, 204 and 304 responses go without a body whatever is written.
	 */
	public OutputStream respond(int status, Map<String, List<String>> responseHeaders, long length) throws IOException {
		return this.exchange.respond(status, responseHeaders, length);
	}

}
