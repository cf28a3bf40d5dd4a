package io.latticeshop.local.policy;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** A compiled auth policy (resource-based IAM policy) of a service or service network. */
public final class AuthPolicy {

	static final String INVOKE = "vpc-lattice-svcs:Invoke";

	/** What one policy says about one request. */
	public enum Verdict {

		ALLOW, EXPLICIT_DENY, NO_ALLOW

	}

	private final List<Statement> statements;

	private AuthPolicy(List<Statement> statements) {
		this.statements = statements;
	}

	/** Compiles a policy, failing on anything that would not be evaluated faithfully. */
	public static AuthPolicy compile(JsonNode document, String where) {
		if (document == null || !document.isObject()) {
			throw new PolicyException(where + ": policy must be a JSON object");
		}
		for (String element : document.propertyNames()) {
			if (!element.equals("Version") && !element.equals("Id") && !element.equals("Statement")) {
				throw new PolicyException(where + ": unknown policy element '" + element + "'");
			}
		}
		JsonNode statement = document.path("Statement");
		List<Statement> statements = new ArrayList<>();
		if (statement.isArray()) {
			int index = 0;
			for (JsonNode each : statement) {
				statements.add(Statement.compile(each, where + " Statement[" + index++ + "]"));
			}
		}
		else if (statement.isObject()) {
			statements.add(Statement.compile(statement, where + " Statement"));
		}
		else {
			throw new PolicyException(where + ": policy has no Statement");
		}
		return new AuthPolicy(List.copyOf(statements));
	}

	public Verdict evaluate(RequestContext request) {
		boolean allowed = false;
		for (Statement statement : this.statements) {
			if (statement.applies(request, INVOKE)) {
				if (!statement.allow()) {
					return Verdict.EXPLICIT_DENY;
				}
				allowed = true;
			}
		}
		return allowed ? Verdict.ALLOW : Verdict.NO_ALLOW;
	}

}
