package io.latticeshop.local.lambda;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the events Lattice sends to Lambda targets, in the target group's structure
 * version: V2 (lists of header and query values, requestContext) or V1 (snake_case,
 * raw_path with the query, comma-joined headers).
 */
final class LatticeEventBuilder {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private LatticeEventBuilder() {
	}

	static ObjectNode event(String version, String method, String rawPath, String rawQuery,
			Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body,
			Map<String, String> context) {
		String contentType = headers.getOrDefault("content-type", List.of("")).get(0);
		String text = textual(contentType) ? utf8(body) : null;
		boolean base64 = body.length > 0 && text == null;
		String encodedBody = body.length == 0 ? null : (base64 ? Base64.getEncoder().encodeToString(body) : text);
		ObjectNode event = NODES.objectNode();
		if (version.equals("V2")) {
			event.put("version", "2.0");
			event.put("path", rawPath);
			event.put("method", method);
			ObjectNode headerNode = event.putObject("headers");
			headers.forEach((name, values) -> {
				ArrayNode list = headerNode.putArray(name);
				values.forEach(list::add);
			});
			ObjectNode queryNode = event.putObject("queryStringParameters");
			query.forEach((name, values) -> {
				ArrayNode list = queryNode.putArray(name);
				values.forEach(list::add);
			});
			event.put("body", encodedBody);
			event.put("isBase64Encoded", base64);
			ObjectNode requestContext = event.putObject("requestContext");
			requestContext.put("serviceNetworkArn", context.get("serviceNetworkArn"));
			requestContext.put("serviceArn", context.get("serviceArn"));
			requestContext.put("targetGroupArn", context.get("targetGroupArn"));
			ObjectNode identity = requestContext.putObject("identity");
			identity.put("sourceVpcArn", context.get("sourceVpcArn"));
			identity.put("type", context.getOrDefault("type", "ANONYMOUS"));
			if (context.containsKey("principal")) {
				identity.put("principal", context.get("principal"));
				identity.put("sessionName", context.get("sessionName"));
			}
			if (context.containsKey("principalOrgID")) {
				identity.put("principalOrgID", context.get("principalOrgID"));
			}
			requestContext.put("region", context.get("region"));
			long micros = System.currentTimeMillis() * 1000;
			requestContext.put("timeEpoch", Long.toString(micros));
		}
		else {
			event.put("raw_path", rawPath + (rawQuery != null ? "?" + rawQuery : ""));
			event.put("method", method);
			ObjectNode headerNode = event.putObject("headers");
			headers.forEach((name, values) -> headerNode.put(name, String.join(", ", values)));
			ObjectNode queryNode = event.putObject("query_string_parameters");
			query.forEach((name, values) -> queryNode.put(name, values.get(values.size() - 1)));
			event.put("body", encodedBody);
			event.put("is_base64_encoded", base64);
		}
		return event;
	}

	private static boolean textual(String contentType) {
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
				|| type.contains("x-www-form-urlencoded") || type.contains("javascript");
	}

	private static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
