package io.latticeshop.local.binding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * {@code binding.schema.json}, the binding file's shape: the same file editors use
 * through the {@code yaml-language-server} comment, checked here so that every mistake is
 * named at once, with its path.
 */
final class BindingSchema {

	private static final Schema SCHEMA = load();

	private BindingSchema() {
	}

	private static Schema load() {
		try (InputStream in = BindingSchema.class.getResourceAsStream("/binding.schema.json")) {
			if (in == null) {
				throw new IllegalStateException("binding.schema.json is missing from the jar");
			}
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
				.getSchema(in, InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What is wrong with the file's shape, one line each, worded as the reader words its
	 * own errors ({@code services.web-server.listen: expected host:port ...}); empty when
	 * nothing is.
	 */
	static List<String> problems(JsonNode root) {
		Set<String> problems = new LinkedHashSet<>();
		for (Error error : SCHEMA.validate(root)) {
			problems.add(describe(error));
		}
		return List.copyOf(problems);
	}

	private static String describe(Error error) {
		// "/services/web-server/examples/0" -> "services.web-server.examples[0]"
		String where = error.getInstanceLocation()
			.toString()
			.replaceFirst("^[$/]+", "")
			.replaceAll("/(\\d+)(?=/|$)", "[$1]")
			.replace('/', '.');
		String prefix = where.isEmpty() ? "" : where + ".";
		String message = error.getMessage();
		Matcher unknown = UNKNOWN.matcher(message);
		if (unknown.find()) {
			return prefix + unknown.group(1) + ": unknown setting";
		}
		Matcher required = REQUIRED.matcher(message);
		if (required.find()) {
			return prefix + required.group(1) + " is required";
		}
		JsonNode description = error.getSchemaNode() == null ? null : describedSchema(error);
		if (message.contains("does not match the regex pattern") && description != null) {
			return where + ": expected " + description.asString();
		}
		return (where.isEmpty() ? "(top level)" : where) + ": " + message;
	}

	/** The description of the schema whose keyword failed, from the schema itself. */
	private static JsonNode describedSchema(Error error) {
		String location = error.getSchemaLocation().getFragment().toString();
		String parent = location.substring(0, Math.max(0, location.lastIndexOf('/')));
		JsonNode node = SCHEMA.getSchemaNode().at(parent.startsWith("/") ? parent : "/" + parent);
		JsonNode description = node.get("description");
		return (description != null && description.isString()) ? description : null;
	}

	private static final Pattern UNKNOWN = Pattern.compile("property '([^']+)' is not defined in the schema");

	private static final Pattern REQUIRED = Pattern.compile("required property '([^']+)' not found");

}
