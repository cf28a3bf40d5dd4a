package io.latticeshop.local.policy;

import java.util.Locale;

/**
 * IAM wildcard matching: {@code *} is any run of characters, {@code ?} exactly one.
 * Hand-written instead of a regex so that policy text never becomes regex syntax and
 * matching stays linear for the patterns policies use.
 */
final class Glob {

	private final String pattern;

	private final boolean ignoreCase;

	private final boolean literal;

	/** What every match begins with: the pattern up to its first wildcard. */
	private final String prefix;

	/** Whether the pattern is its prefix and one {@code *}, as most resources are. */
	private final boolean prefixOnly;

	Glob(String pattern, boolean ignoreCase) {
		this.ignoreCase = ignoreCase;
		this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
		int star = this.pattern.indexOf('*');
		int question = this.pattern.indexOf('?');
		int wildcard = (star < 0) ? question : (question < 0) ? star : Math.min(star, question);
		this.literal = wildcard < 0;
		this.prefix = this.literal ? this.pattern : this.pattern.substring(0, wildcard);
		this.prefixOnly = wildcard == star && star == this.pattern.length() - 1;
	}

	boolean matches(String value) {
		String text = this.ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
		if (this.literal) {
			return this.pattern.equals(text);
		}
		if (!text.startsWith(this.prefix)) {
			return false;
		}
		return this.prefixOnly || matches(this.pattern, text);
	}

	static boolean matches(String pattern, String text) {
		int p = 0;
		int t = 0;
		int star = -1;
		int resume = 0;
		while (t < text.length()) {
			if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
				p++;
				t++;
			}
			else if (p < pattern.length() && pattern.charAt(p) == '*') {
				star = p++;
				resume = t;
			}
			else if (star >= 0) {
				p = star + 1;
				t = ++resume;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '*') {
			p++;
		}
		return p == pattern.length();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
