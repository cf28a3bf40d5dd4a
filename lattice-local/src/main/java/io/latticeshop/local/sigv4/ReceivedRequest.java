package io.latticeshop.local.sigv4;

import java.util.List;
import java.util.Map;

/**
 * A request as it arrived, before anything was decoded or normalized: the signature
 * covers the bytes the client sent. Header names are lower case.
 */
public record ReceivedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

	String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
