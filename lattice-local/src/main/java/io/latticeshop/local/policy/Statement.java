package io.latticeshop.local.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** One compiled policy statement. */
final class Statement {

	private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
			"NotAction", "Resource", "NotResource", "Condition");

	private final boolean allow;

	private final PrincipalMatcher principal;

	private final boolean notPrincipal;

	private final List<Glob> actions;

	private final boolean notAction;

	private final List<Glob> resources;

	private final boolean notResource;

	private final List<Condition> conditions;

	private final String sid;

	private Statement(String sid, boolean allow, PrincipalMatcher principal, boolean notPrincipal, List<Glob> actions,
			boolean notAction, List<Glob> resources, boolean notResource, List<Condition> conditions) {
		this.sid = sid;
		this.allow = allow;
		this.principal = principal;
		this.notPrincipal = notPrincipal;
		this.actions = actions;
		this.notAction = notAction;
		this.resources = resources;
		this.notResource = notResource;
		this.conditions = conditions;
	}

	/** A statement of a resource-based policy, which names its principals. */
	static Statement compile(JsonNode statement, String where) {
		return compile(statement, where, false);
	}

	/**
	 * @param identityBased whether the statement belongs to a policy attached to a role,
	 * which applies to the role's own sessions and may not name principals
	 */
	static Statement compile(JsonNode statement, String where, boolean identityBased) {
		if (!statement.isObject()) {
			throw new PolicyException(where + ": a statement must be an object");
		}
		for (String element : statement.propertyNames()) {
			if (!ELEMENTS.contains(element)) {
				throw new PolicyException(where + ": unknown policy element '" + element + "'");
			}
		}
		String sid = statement.path("Sid").asString("");
		String at = sid.isEmpty() ? where : where + " (" + sid + ")";
		String effect = statement.path("Effect").asString("");
		if (!effect.equals("Allow") && !effect.equals("Deny")) {
			throw new PolicyException(at + ": Effect must be Allow or Deny, not '" + effect + "'");
		}
		boolean notPrincipal = statement.has("NotPrincipal");
		JsonNode principal = notPrincipal ? statement.get("NotPrincipal") : statement.get("Principal");
		if (identityBased && principal != null) {
			throw new PolicyException(at + ": an identity-based policy statement cannot name a "
					+ (notPrincipal ? "NotPrincipal" : "Principal"));
		}
		if (!identityBased && principal == null) {
			throw new PolicyException(at + ": an auth policy statement needs Principal or NotPrincipal");
		}
		boolean notAction = exactlyOne(statement, "Action", "NotAction", at);
		boolean notResource = exactlyOne(statement, "Resource", "NotResource", at);
		List<Glob> actions = new ArrayList<>();
		for (String action : Condition.strings(statement.get(notAction ? "NotAction" : "Action"), at)) {
			if (!action.equals("*") && action.indexOf(':') < 0) {
				throw new PolicyException(at + ": action '" + action + "' is not of the form service:action");
			}
			actions.add(new Glob(action, true));
		}
		List<Glob> resources = new ArrayList<>();
		for (String resource : Condition.strings(statement.get(notResource ? "NotResource" : "Resource"), at)) {
			resources.add(new Glob(resource, false));
		}
		List<Condition> conditions = new ArrayList<>();
		JsonNode condition = statement.path("Condition");
		if (!condition.isMissingNode() && !condition.isObject()) {
			throw new PolicyException(at + ": Condition must be an object");
		}
		for (Map.Entry<String, JsonNode> operator : condition.properties()) {
			if (!operator.getValue().isObject()) {
				throw new PolicyException(at + ": Condition " + operator.getKey() + " must map keys to values");
			}
			for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
				conditions.add(Condition.compile(operator.getKey(), key.getKey(), key.getValue(), at));
			}
		}
		return new Statement(sid, effect.equals("Allow"),
				identityBased ? PrincipalMatcher.EVERYONE : PrincipalMatcher.compile(principal, at), notPrincipal,
				List.copyOf(actions), notAction, List.copyOf(resources), notResource, List.copyOf(conditions));
	}

	private static boolean exactlyOne(JsonNode statement, String element, String notElement, String where) {
		boolean positive = statement.has(element);
		boolean negative = statement.has(notElement);
		if (positive == negative) {
			throw new PolicyException(where + ": needs exactly one of " + element + " and " + notElement);
		}
		return negative;
	}

	/**
	 * Whether a statement's Action or NotAction element, as written, covers
	 * {@code action}; {@code false} when neither is a string or a list of strings.
	 */
	static boolean couldCover(JsonNode statement, String action) {
		boolean notAction = statement.has("NotAction");
		JsonNode actions = statement.get(notAction ? "NotAction" : "Action");
		if (actions == null) {
			return false;
		}
		List<Glob> patterns = new ArrayList<>();
		for (JsonNode each : actions.isArray() ? actions : List.of(actions)) {
			if (!each.isString()) {
				return true;
			}
			patterns.add(new Glob(each.asString(), true));
		}
		return notAction != anyMatch(patterns, action);
	}

	boolean allow() {
		return this.allow;
	}

	String sid() {
		return this.sid;
	}

	boolean applies(RequestContext request, String action) {
		return (this.notPrincipal != this.principal.matches(request.caller()))
				&& (this.notAction != anyMatch(this.actions, action))
				&& (this.notResource != anyMatch(this.resources, request.resource())) && conditionsHold(request);
	}

	private boolean conditionsHold(RequestContext request) {
		for (Condition condition : this.conditions) {
			if (!condition.test(request)) {
				return false;
			}
		}
		return true;
	}

	private static boolean anyMatch(List<Glob> patterns, String value) {
		for (Glob pattern : patterns) {
			if (pattern.matches(value)) {
				return true;
			}
		}
		return false;
	}

}
