package io.latticeshop.contracts;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What every service answers when a JSON request body cannot be read, worded once.
 * Jackson's own messages name Java types and the mapper's configuration; a caller gets
 * where its body went wrong instead: the field, as written in the body, when one field is
 * at fault ({@link #invalidField}), and otherwise a sentence about the whole body
 * ({@link #detail}).
 */
public final class JsonBodies {

	/** The detail for a request that needs a body and has none. */
	public static final String NO_BODY = "The request has no body; a JSON object is expected";

	/** The detail for a body that is JSON but not one object ({@code []}, {@code 42}). */
	public static final String NOT_AN_OBJECT = "The request body must be one JSON object";

	private static final int MAX_NAME = 256;

	private JsonBodies() {
	}

	/**
	 * @param ex why the body could not be read
	 * @return the one field at fault ({@code items[0].quantity: is out of range}), or
	 * empty when the body as a whole is: bad syntax, or not an object
	 */
	public static Optional<InvalidField> invalidField(JacksonException ex) {
		String duplicate = duplicateKey(ex);
		if (duplicate != null) {
			return Optional.of(new InvalidField(duplicate, "appears more than once"));
		}
		// Bad syntax (an overlong number too) is not any one field's fault; a number out
		// of its field's range is.
		if ((ex instanceof StreamReadException && !(ex instanceof InputCoercionException)) || ex.getPath().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new InvalidField(path(ex), expectation(ex)));
	}

	/**
	 * @param ex why the body could not be read, when {@link #invalidField} found no field
	 * @return {@code The request body is not valid JSON (line 1, column 9)} or
	 * {@link #NOT_AN_OBJECT}
	 */
	public static String detail(JacksonException ex) {
		if (ex instanceof StreamReadException syntax && !(ex instanceof InputCoercionException)) {
			TokenStreamLocation at = syntax.getLocation();
			return "The request body is not valid JSON" + ((at != null && at.getLineNr() > 0)
					? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
		}
		return NOT_AN_OBJECT;
	}

	/**
	 * A name from the request, made safe to echo and to log: no control characters, and
	 * no longer than 256 characters.
	 * @param name as the caller sent it
	 * @return the name to report
	 */
	public static String clean(String name) {
		String bounded = (name.length() > MAX_NAME) ? name.substring(0, MAX_NAME) + "…" : name;
		return bounded.replaceAll("\\p{Cntrl}", "?");
	}

	// items[0].quantity, the way the field is written in the body
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(clean(reference.getPropertyName()));
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/**
	 * The key that {@code STRICT_DUPLICATE_DETECTION} found twice, or null for any other
	 * failure. Jackson has no exception type of its own for it; the parser, stopped at
	 * the second occurrence, knows where it is.
	 */
	private static String duplicateKey(JacksonException ex) {
		if (!(ex instanceof StreamReadException read) || !(read.processor() instanceof JsonParser parser)
				|| read.getOriginalMessage() == null || !read.getOriginalMessage().startsWith("Duplicate ")) {
			return null;
		}
		Deque<String> segments = new ArrayDeque<>();
		for (TokenStreamContext context = parser.streamReadContext(); context != null
				&& !context.inRoot(); context = context.getParent()) {
			if (context.inObject() && context.currentName() != null) {
				segments.addFirst(clean(context.currentName()));
			}
			else if (context.inArray()) {
				segments.addFirst("[" + context.getCurrentIndex() + "]");
			}
		}
		return String.join(".", segments).replace(".[", "[");
	}

	private static String expectation(JacksonException ex) {
		if (ex instanceof InputCoercionException) {
			return "is out of range";
		}
		if (ex instanceof InvalidFormatException format && format.getTargetType() != null) {
			return "cannot be read as " + describe(format.getTargetType());
		}
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "must be " + describe(mismatch.getTargetType());
		}
		return "has the wrong type";
	}

	/**
	 * @param type the Java type a value was to become
	 * @return how a JSON author would call it: {@code an integer}, {@code a string}
	 */
	public static String describe(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type.isEnum()) {
			StringBuilder names = new StringBuilder("one of ");
			for (Object constant : type.getEnumConstants()) {
				names.append((names.length() > 7) ? ", " : "").append(constant);
			}
			return names.toString();
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (type.isRecord() || Map.class.isAssignableFrom(type)) {
			return "an object";
		}
		return "a " + type.getSimpleName();
	}

}
