package io.latticeshop.local.policy;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The condition keys Lattice auth policies may use, each bound at compile time to a
 * function that reads it from a request. A key outside this list fails the policy.
 */
final class ConditionKey {

	private static final String LATTICE = "vpc-lattice-svcs:";

	private static final String QUERY = LATTICE + "requestquerystring/";

	private static final String HEADER = LATTICE + "requestheader/";

	private ConditionKey() {
	}

	/** Returns the key's values in a request; {@code null} when the key is absent. */
	static Function<RequestContext, List<String>> compile(String key, String where) {
		String lower = key.toLowerCase(Locale.ROOT);
		if (lower.startsWith(QUERY) && lower.length() > QUERY.length()) {
			String name = key.substring(QUERY.length());
			return (request) -> request.query().get(name);
		}
		if (lower.startsWith(HEADER) && lower.length() > HEADER.length()) {
			String name = lower.substring(HEADER.length());
			return (request) -> request.header(name);
		}
		return switch (lower) {
			case LATTICE + "sourcevpc" -> (request) -> single(request.sourceVpc());
			case LATTICE + "sourcevpcowneraccount" -> (request) -> single(request.sourceVpcOwnerAccount());
			case LATTICE + "requestmethod" -> (request) -> single(request.method());
			case LATTICE + "requestpath" -> (request) -> single(request.path());
			case LATTICE + "servicearn" -> (request) -> single(request.serviceArn());
			case LATTICE + "servicenetworkarn" -> (request) -> single(request.serviceNetworkArn());
			case LATTICE + "port" -> (request) -> single(Integer.toString(request.port()));
			case "aws:principalarn" -> (request) -> single(request.caller().roleArn());
			case "aws:principalaccount" -> (request) -> single(request.caller().account());
			case "aws:principaltype" -> (request) -> single(request.caller().principalType());
			case "aws:principalorgid" -> (request) -> single(request.caller().orgId().orElse(null));
			default -> throw new PolicyException(where + ": condition key '" + key
					+ "' is not available to VPC Lattice auth policies (or not supported locally)");
		};
	}

	private static List<String> single(String value) {
		return (value != null) ? List.of(value) : null;
	}

}
