package io.latticeshop.local.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The Principal element. Role ARNs match every session of the role, account ids and
 * {@code :root} ARNs every authenticated principal of the account, {@code *} everyone,
 * anonymous callers included. Service and federated principals never call Lattice.
 */
final class PrincipalMatcher {

	/** Matches every caller, anonymous ones included. */
	static final PrincipalMatcher EVERYONE = new PrincipalMatcher(true, Set.of(), Set.of());

	private final boolean everyone;

	private final Set<String> accounts;

	private final Set<String> arns;

	private PrincipalMatcher(boolean everyone, Set<String> accounts, Set<String> arns) {
		this.everyone = everyone;
		this.accounts = accounts;
		this.arns = arns;
	}

	static PrincipalMatcher compile(JsonNode principal, String where) {
		if (principal.isString()) {
			if (!principal.asString().equals("*")) {
				throw new PolicyException(where + ": Principal must be \"*\" or an object, not " + principal);
			}
			return EVERYONE;
		}
		if (!principal.isObject()) {
			throw new PolicyException(where + ": Principal must be \"*\" or an object");
		}
		boolean everyone = false;
		Set<String> accounts = new HashSet<>();
		Set<String> arns = new HashSet<>();
		for (Map.Entry<String, JsonNode> entry : principal.properties()) {
			List<String> values = Condition.strings(entry.getValue(), where);
			switch (entry.getKey()) {
				case "AWS" -> {
					for (String value : values) {
						if (value.equals("*")) {
							everyone = true;
						}
						else if (value.matches("\\d{12}")) {
							accounts.add(value);
						}
						else if (value.matches("arn:[^:]+:iam::\\d{12}:root")) {
							accounts.add(value.split(":")[4]);
						}
						else if (value.startsWith("arn:")) {
							arns.add(value);
						}
						else {
							throw new PolicyException(where + ": '" + value
									+ "' is not an account id or ARN (IAM would reject it, unresolved token?)");
						}
					}
				}
				case "Service", "Federated", "CanonicalUser" -> {
					// Valid IAM, but such principals never sign Lattice requests: nothing
					// to match.
				}
				default -> throw new PolicyException(where + ": unknown principal type '" + entry.getKey() + "'");
			}
		}
		return new PrincipalMatcher(everyone, Set.copyOf(accounts), Set.copyOf(arns));
	}

	boolean matches(Caller caller) {
		if (this.everyone) {
			return true;
		}
		if (caller.anonymous()) {
			return false;
		}
		return this.accounts.contains(caller.account()) || this.arns.contains(caller.principalArn())
				|| (caller.roleArn() != null && this.arns.contains(caller.roleArn()));
	}

}
