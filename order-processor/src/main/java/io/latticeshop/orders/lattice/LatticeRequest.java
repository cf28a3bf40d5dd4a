package io.latticeshop.orders.lattice;

import java.util.List;
import java.util.Map;

/**
 * A Lattice event of either structure version, reduced to what routing needs.
 *
 * @param version {@code V1} or {@code V2}
 * @param method the HTTP method, upper case
 * @param path the path without any query string
 * @param headers headers with lower-case names, each with all its values
 * @param body the decoded body, empty when there is none
 * @param caller who Lattice says sent the request
 */
record LatticeRequest(String version, String method, String path, Map<String, List<String>> headers, byte[] body,
		CallerIdentity caller) {

	String firstHeader(String lowerCaseName) {
		List<String> values = this.headers.get(lowerCaseName);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
