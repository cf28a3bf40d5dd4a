package io.latticeshop.local.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * A request on its way to a target: the client's request with Lattice's headers already
 * applied, plus the handle to answer it. Header names are lower case.
 */
public final class ForwardedRequest {

	private final HttpExchange exchange;

	private final Map<String, List<String>> headers;

	private final Map<String, List<String>> query;

	private final Map<String, String> latticeContext;

	ForwardedRequest(HttpExchange exchange, Map<String, List<String>> headers, Map<String, List<String>> query,
			Map<String, String> latticeContext) {
		this.exchange = exchange;
		this.headers = headers;
		this.query = query;
		this.latticeContext = latticeContext;
	}

	public String method() {
		return this.exchange.getRequestMethod();
	}

	public String rawPath() {
		return this.exchange.getRequestURI().getRawPath();
	}

	public String rawQuery() {
		return this.exchange.getRequestURI().getRawQuery();
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

	public InputStream body() {
		return this.exchange.getRequestBody();
	}

	public boolean hasBody() {
		String length = first("content-length");
		return (length != null && !length.equals("0")) || first("transfer-encoding") != null;
	}

	public String first(String header) {
		List<String> values = this.headers.get(header);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/** Sends status and headers; {@code length} is the body length, -1 when not known. */
	public OutputStream respond(int status, Map<String, List<String>> responseHeaders, long length) throws IOException {
		responseHeaders.forEach((name, values) -> this.exchange.getResponseHeaders().put(name, values));
		boolean noBody = status == 204 || status == 304 || this.method().equalsIgnoreCase("HEAD");
		this.exchange.sendResponseHeaders(status, noBody ? -1 : (length == 0 ? -1 : (length < 0 ? 0 : length)));
		return this.exchange.getResponseBody();
	}

}
