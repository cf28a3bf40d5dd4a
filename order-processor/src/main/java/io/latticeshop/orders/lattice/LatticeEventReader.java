package io.latticeshop.orders.lattice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Lattice events of both structure versions. Tolerant where Lattice and hand-made
 * test events differ harmlessly (a single string where a list is documented, a query
 * string left on a V1 path), strict where guessing would be wrong (no method, no path, a
 * body that claims to be base64 and is not).
 */
final class LatticeEventReader {

	private static final byte[] NO_BODY = new byte[0];

	private final JsonMapper json;

	LatticeEventReader(JsonMapper json) {
		this.json = json;
	}

	LatticeRequest read(byte[] event) throws BadEventException {
		JsonNode tree;
		try {
			tree = this.json.readTree(event);
		}
		catch (JacksonException ex) {
			throw malformed("The event is not JSON");
		}
		if (tree == null || !tree.isObject()) {
			throw malformed("The event is not a JSON object");
		}
		try {
			return isV1(tree) ? fromV1(this.json.treeToValue(tree, LatticeEventV1.class))
					: fromV2(this.json.treeToValue(tree, LatticeEventV2.class));
		}
		catch (JacksonException ex) {
			throw malformed("The event does not have the Lattice event structure: " + ex.getOriginalMessage());
		}
	}

	private static boolean isV1(JsonNode tree) {
		return !tree.has("version") && tree.has("raw_path");
	}

	private static LatticeRequest fromV2(LatticeEventV2 event) throws BadEventException {
		if (event.version() != null && !event.version().startsWith("2")) {
			throw malformed("Unsupported event structure version " + CallerIdentity.clean(event.version()));
		}
		String path = requirePath(event.path());
		return new LatticeRequest("V2", requireMethod(event.method()), stripQuery(path), headers(event.headers()),
				body(event.body(), event.isBase64Encoded()), CallerIdentity.from(event.requestContext()));
	}

	private static LatticeRequest fromV1(LatticeEventV1 event) throws BadEventException {
		String rawPath = requirePath(event.rawPath());
		Map<String, List<String>> headers = headers(event.headers());
		return new LatticeRequest("V1", requireMethod(event.method()), stripQuery(rawPath), headers,
				body(event.body(), event.isBase64Encoded()), CallerIdentity.fromHeaders(headers));
	}

	private static String requireMethod(String method) throws BadEventException {
		if (method == null || method.isBlank()) {
			throw malformed("The event has no method");
		}
		return method.trim().toUpperCase(Locale.ROOT);
	}

	private static String requirePath(String path) throws BadEventException {
		if (path == null || path.isBlank()) {
			throw malformed("The event has no path");
		}
		return path;
	}

	private static String stripQuery(String path) {
		int questionMark = path.indexOf('?');
		return (questionMark >= 0) ? path.substring(0, questionMark) : path;
	}

	private static byte[] body(String body, Boolean base64) throws BadEventException {
		if (body == null || body.isEmpty()) {
			return NO_BODY;
		}
		if (!Boolean.TRUE.equals(base64)) {
			return body.getBytes(StandardCharsets.UTF_8);
		}
		try {
			return Base64.getDecoder().decode(body);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("The event body is marked as base64 but is not valid base64");
		}
	}

	/**
	 * Normalises a header map whose values may be strings, lists of strings, or (from
	 * hand-made events) numbers and booleans. Query parameters are not read: no route
	 * takes any.
	 */
	private static Map<String, List<String>> headers(Map<String, Object> raw) {
		if (raw == null || raw.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> values = new LinkedHashMap<>();
		raw.forEach((name, value) -> {
			if (name == null || value == null) {
				return;
			}
			List<String> target = values.computeIfAbsent(name.toLowerCase(Locale.ROOT), (k) -> new ArrayList<>());
			if (value instanceof Collection<?> many) {
				many.stream().filter((v) -> v != null).map(String::valueOf).forEach(target::add);
			}
			else if (!(value instanceof Map)) {
				target.add(String.valueOf(value));
			}
		});
		return values;
	}

	private static BadEventException malformed(String detail) {
		return new BadEventException(HttpStatus.BAD_REQUEST, FunctionProblems.Kind.INVALID_REQUEST, detail);
	}

}
