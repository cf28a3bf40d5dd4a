package io.latticeshop.local.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.latticeshop.local.server.Exchange;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * A request on its way to a target: the client's request with Lattice's headers already
 * applied, plus the exchange to answer it through.
 *
 * @param exchange the client's request and where its response goes
 * @param path the path, as sent and checked to be in normal form
 * @param rawQuery the query as sent, without {@code ?}; null when there is none
 * @param headers what the target receives, Lattice's headers included; the target takes
 * them over, and may take out what does not cross its connection
 * @param query the query parameters, decoded, parsed once for the auth policy
 * @param latticeContext identity and topology facts (principal, sessionName,
 * sourceVpcArn, serviceArn, serviceNetworkArn, targetGroupArn, region, type) for targets
 * that need them as structured data rather than headers (Lambda events)
 */
public record ForwardedRequest(Exchange exchange, String path, String rawQuery, HttpHeaders headers,
		Map<String, List<String>> query, Map<String, String> latticeContext) {

	public String method() {
		return this.exchange.method();
	}

	/** What the target receives, by lower-case header name, values in order. */
	public Map<String, List<String>> headersByName() {
		return byLowerCaseName(this.headers, false);
	}

	/**
	 * Headers by lower-case name, values in the order received; {@code x-http2-*} left
	 * out where Netty added them for an HTTP/2 request.
	 */
	static Map<String, List<String>> byLowerCaseName(HttpHeaders headers, boolean withoutHttp2Extensions) {
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (Map.Entry<String, String> header : headers) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (withoutHttp2Extensions && isHttp2Extension(name)) {
				continue;
			}
			byName.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(header.getValue());
		}
		return byName;
	}

	/**
	 * Whether a header is one of Netty's {@code x-http2-*} extensions, which carry an
	 * HTTP/2 stream's id and scheme through its HTTP/1-style messages: never passed
	 * between a client and a target, in either direction.
	 */
	static boolean isHttp2Extension(CharSequence name) {
		return name.length() >= 8 && AsciiString.regionMatches(name, true, 0, "x-http2-", 0, 8);
	}

}
