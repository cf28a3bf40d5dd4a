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
		return explain(request).verdict();
	}

	/**
	 * The verdict and the statement that decided it: the first Deny that applies, else
	 * the first Allow; none for {@link Verdict#NO_ALLOW}.
	 */
	public Match explain(RequestContext request) {
		String allowedBy = null;
		for (int i = 0; i < this.statements.size(); i++) {
			Statement statement = this.statements.get(i);
			if (statement.applies(request, INVOKE)) {
				if (!statement.allow()) {
					return new Match(Verdict.EXPLICIT_DENY, label(i, statement));
				}
				if (allowedBy == null) {
					allowedBy = label(i, statement);
				}
			}
		}
		return (allowedBy != null) ? new Match(Verdict.ALLOW, allowedBy) : new Match(Verdict.NO_ALLOW, null);
	}

	private static String label(int index, Statement statement) {
		return "Statement[" + index + "]" + (statement.sid().isEmpty() ? "" : " (" + statement.sid() + ")");
	}

	/**
	 * A verdict and the statement that decided it, e.g. {@code Statement[0] (AllowWeb)}.
	 */
	public record Match(Verdict verdict, String statement) {
	}

}
