package io.latticeshop.local.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything an auth policy may look at. {@code headers} keys are lower case;
 * {@code query} keys are as received (query names are case-sensitive).
 */
public record RequestContext(Caller caller, String sourceVpc, String sourceVpcOwnerAccount, String method, String path,
		Map<String, List<String>> query, Map<String, List<String>> headers, String serviceArn, String serviceNetworkArn,
		int port) {

	/** The resource Lattice authorizes: the service ARN followed by the request path. */
	public String resource() {
		return this.serviceArn + this.path;
	}

	List<String> header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

}
