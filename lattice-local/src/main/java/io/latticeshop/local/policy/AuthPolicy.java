package io.latticeshop.local.policy;

import java.util.ArrayList;
import java.util.List;

import io.latticeshop.local.template.Topology.PolicyStatement;
import tools.jackson.databind.JsonNode;

/** A compiled auth policy (resource-based IAM policy) of a service or service network. */
public final class AuthPolicy {

	static final String INVOKE = "vpc-lattice-svcs:Invoke";

	/** What one policy says about one request. */
	public enum Verdict {

		ALLOW, EXPLICIT_DENY, NO_ALLOW

	}

	private final List<Statement> statements;

	/**
	 * What the console and {@code check} call each statement, e.g.
	 * {@code Statement[1] (AllowWeb)}.
	 */
	private final List<String> labels;

	private AuthPolicy(List<Statement> statements, List<String> labels) {
		this.statements = statements;
		this.labels = labels;
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
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < statements.size(); i++) {
			labels.add(label("", i, statements.get(i)));
		}
		return new AuthPolicy(List.copyOf(statements), List.copyOf(labels));
	}

	/**
	 * Compiles the statements of an identity-based policy that could grant or deny
	 * {@value #INVOKE}; the others are about other services and are left out, resolved or
	 * not. A statement that could and was not resolved fails: it would not be evaluated
	 * faithfully.
	 * @param name the policy's name, which labels its statements
	 * @param statements the policy's statements as the template gives them
	 */
	public static AuthPolicy compileIdentityBased(String name, List<PolicyStatement> statements, String where) {
		List<Statement> compiled = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (PolicyStatement each : statements) {
			String at = where + " Statement[" + each.index() + "]";
			if (!each.statement().isObject() || !Statement.couldCover(each.statement(), INVOKE)) {
				continue;
			}
			if (each.unresolved().isPresent()) {
				throw new PolicyException(at + " could apply to " + INVOKE + " but cannot be evaluated locally: "
						+ each.unresolved().get());
			}
			Statement statement = Statement.compile(each.statement(), at, true);
			compiled.add(statement);
			labels.add(label(name + " ", each.index(), statement));
		}
		return new AuthPolicy(List.copyOf(compiled), List.copyOf(labels));
	}

	/**
	 * The policies as one: IAM reads all the policies attached to an identity together,
	 * so a Deny in any of them wins and an Allow in any of them allows.
	 */
	static AuthPolicy merge(List<AuthPolicy> policies) {
		List<Statement> statements = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		for (AuthPolicy policy : policies) {
			statements.addAll(policy.statements);
			labels.addAll(policy.labels);
		}
		return new AuthPolicy(List.copyOf(statements), List.copyOf(labels));
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
					return new Match(Verdict.EXPLICIT_DENY, this.labels.get(i));
				}
				if (allowedBy == null) {
					allowedBy = this.labels.get(i);
				}
			}
		}
		return (allowedBy != null) ? new Match(Verdict.ALLOW, allowedBy) : new Match(Verdict.NO_ALLOW, null);
	}

	private static String label(String policy, int index, Statement statement) {
		return policy + "Statement[" + index + "]" + (statement.sid().isEmpty() ? "" : " (" + statement.sid() + ")");
	}

	/**
	 * A verdict and the statement that decided it, e.g. {@code Statement[0] (AllowWeb)}.
	 */
	public record Match(Verdict verdict, String statement) {
	}

}
