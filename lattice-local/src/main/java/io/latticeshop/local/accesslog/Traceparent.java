package io.latticeshop.local.accesslog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C {@code traceparent} as a caller sent it, read once per request: the access log
 * and the console name its trace, and the hop's own span, when asked for, continues it.
 *
 * @param traceId 32 hex digits
 * @param parentId the caller's span, 16 hex digits
 * @param sampled whether the caller keeps the trace (flag 01)
 */
public record Traceparent(String traceId, String parentId, boolean sampled) {

	private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

	/** The header's fields, or empty for no header or a malformed one. */
	public static Optional<Traceparent> parse(String header) {
		if (header == null) {
			return Optional.empty();
		}
		Matcher matcher = FORM.matcher(header);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional
			.of(new Traceparent(matcher.group(1), matcher.group(2), (Integer.parseInt(matcher.group(3), 16) & 1) == 1));
	}

}
