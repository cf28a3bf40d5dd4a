package io.latticeshop.local.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * One compiled condition: an operator (with its set prefix and IfExists suffix), a key
 * and the policy's values.
 */
final class Condition {

	private enum SetOperator {

		NONE, FOR_ANY_VALUE, FOR_ALL_VALUES

	}

	private static final Set<String> SUPPORTED = Set.of("StringEquals", "StringEqualsIgnoreCase", "StringLike",
			"ArnEquals", "ArnLike", "Bool", "NumericEquals", "NumericLessThan", "NumericLessThanEquals",
			"NumericGreaterThan", "NumericGreaterThanEquals");

	private final String description;

	private final Function<RequestContext, List<String>> key;

	private final SetOperator set;

	private final boolean ifExists;

	private final boolean negated;

	/** {@code null} for the Null operator, which only asks whether the key is present. */
	private final Predicate<String> matcher;

	private final boolean nullExpected;

	private Condition(String description, Function<RequestContext, List<String>> key, SetOperator set, boolean ifExists,
			boolean negated, Predicate<String> matcher, boolean nullExpected) {
		this.description = description;
		this.key = key;
		this.set = set;
		this.ifExists = ifExists;
		this.negated = negated;
		this.matcher = matcher;
		this.nullExpected = nullExpected;
	}

	static Condition compile(String operator, String keyName, JsonNode values, String where) {
		String at = where + " " + operator + " " + keyName;
		String base = operator;
		SetOperator set = SetOperator.NONE;
		if (base.startsWith("ForAnyValue:")) {
			set = SetOperator.FOR_ANY_VALUE;
			base = base.substring("ForAnyValue:".length());
		}
		else if (base.startsWith("ForAllValues:")) {
			set = SetOperator.FOR_ALL_VALUES;
			base = base.substring("ForAllValues:".length());
		}
		boolean ifExists = base.endsWith("IfExists");
		if (ifExists) {
			base = base.substring(0, base.length() - "IfExists".length());
		}
		Function<RequestContext, List<String>> key = ConditionKey.compile(keyName, at);
		List<String> policyValues = strings(values, at);
		if (policyValues.isEmpty()) {
			throw new PolicyException(at + ": condition has no values");
		}
		if (base.equals("Null")) {
			if (ifExists || set != SetOperator.NONE) {
				throw new PolicyException(at + ": Null takes neither IfExists nor a set operator");
			}
			return new Condition(at, key, set, false, false, null, Boolean.parseBoolean(policyValues.get(0)));
		}
		boolean negated = base.contains("Not");
		String positive = base.replace("Not", "");
		boolean wellFormed = !negated || base.equals(positive.replaceFirst("^(String|Arn|Numeric)", "$1Not"));
		if (!SUPPORTED.contains(positive) || !wellFormed) {
			throw new PolicyException(at + ": condition operator is not supported");
		}
		List<Object> compiled = new ArrayList<>(policyValues.size());
		for (String value : policyValues) {
			compiled.add(prepare(positive, value, at));
		}
		Predicate<String> any = (requestValue) -> {
			for (Object candidate : compiled) {
				if (test(candidate, requestValue)) {
					return true;
				}
			}
			return false;
		};
		return new Condition(at, key, set, ifExists, negated, any, false);
	}

	/** Turns one policy value into what the request values are compared with. */
	private static Object prepare(String base, String value, String where) {
		return switch (base) {
			case "StringEquals" -> (Function<String, Boolean>) value::equals;
			case "StringEqualsIgnoreCase" -> (Function<String, Boolean>) value::equalsIgnoreCase;
			case "StringLike" -> new Glob(value, false);
			case "ArnEquals", "ArnLike" -> new ArnPattern(value, where);
			case "Bool" -> {
				if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
					throw new PolicyException(where + ": Bool expects true or false, not '" + value + "'");
				}
				yield (Function<String, Boolean>) value::equalsIgnoreCase;
			}
			default -> numeric(base, value, where);
		};
	}

	private static Function<String, Boolean> numeric(String base, String value, String where) {
		BigDecimal expected;
		try {
			expected = new BigDecimal(value);
		}
		catch (NumberFormatException ex) {
			throw new PolicyException(where + ": '" + value + "' is not a number");
		}
		return (requestValue) -> {
			BigDecimal actual;
			try {
				actual = new BigDecimal(requestValue);
			}
			catch (NumberFormatException ex) {
				return false;
			}
			int order = actual.compareTo(expected);
			return switch (base) {
				case "NumericEquals" -> order == 0;
				case "NumericLessThan" -> order < 0;
				case "NumericLessThanEquals" -> order <= 0;
				case "NumericGreaterThan" -> order > 0;
				default -> order >= 0;
			};
		};
	}

	@SuppressWarnings("unchecked")
	private static boolean test(Object compiled, String requestValue) {
		if (compiled instanceof Glob glob) {
			return glob.matches(requestValue);
		}
		if (compiled instanceof ArnPattern arn) {
			return arn.matches(requestValue);
		}
		return ((Function<String, Boolean>) compiled).apply(requestValue);
	}

	static List<String> strings(JsonNode values, String where) {
		List<String> out = new ArrayList<>();
		if (values.isArray()) {
			for (JsonNode value : values) {
				out.add(scalar(value, where));
			}
		}
		else {
			out.add(scalar(values, where));
		}
		return out;
	}

	private static String scalar(JsonNode value, String where) {
		if (value.isString() || value.isNumber() || value.isBoolean()) {
			return value.asString();
		}
		throw new PolicyException(where + ": expected a string, number or boolean but got " + value);
	}

	boolean test(RequestContext request) {
		List<String> values = this.key.apply(request);
		boolean absent = values == null || values.isEmpty();
		if (this.matcher == null) {
			return absent == this.nullExpected;
		}
		return switch (this.set) {
			case NONE -> {
				if (absent) {
					// IAM: a missing key fails a positive operator but satisfies a
					// negated one.
					yield this.ifExists || this.negated;
				}
				boolean anyMatch = false;
				for (String value : values) {
					anyMatch |= this.matcher.test(value);
				}
				yield this.negated != anyMatch;
			}
			case FOR_ANY_VALUE -> {
				if (absent) {
					yield this.ifExists;
				}
				for (String value : values) {
					if (this.negated != this.matcher.test(value)) {
						yield true;
					}
				}
				yield false;
			}
			case FOR_ALL_VALUES -> {
				if (absent) {
					yield true;
				}
				for (String value : values) {
					if (this.negated == this.matcher.test(value)) {
						yield false;
					}
				}
				yield true;
			}
		};
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * ARN comparison segment by segment, so a wildcard never spans a colon-separated
	 * part.
	 */
	private static final class ArnPattern {

		private final Glob[] segments;

		ArnPattern(String pattern, String where) {
			String[] parts = pattern.split(":", 6);
			if (parts.length != 6 && !pattern.equals("*")) {
				throw new PolicyException(where + ": '" + pattern + "' is not an ARN");
			}
			this.segments = new Glob[parts.length];
			for (int i = 0; i < parts.length; i++) {
				this.segments[i] = new Glob(parts[i], false);
			}
		}

		boolean matches(String arn) {
			if (this.segments.length == 1) {
				return true;
			}
			String[] parts = arn.split(":", 6);
			if (parts.length != 6) {
				return false;
			}
			for (int i = 0; i < 6; i++) {
				if (!this.segments[i].matches(parts[i])) {
					return false;
				}
			}
			return true;
		}

	}

}
