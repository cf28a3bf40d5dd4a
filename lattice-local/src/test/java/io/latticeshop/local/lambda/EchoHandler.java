package io.latticeshop.local.lambda;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * The tiny function the Runtime API tests run through the real runtime interface client.
 * It depends on nothing but the Lambda interfaces, so its zip holds this class alone.
 */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

	@Override
	public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
		boolean v2 = "2.0".equals(event.get("version"));
		String path = (String) (v2 ? event.get("path") : event.get("raw_path"));
		if (path.contains("/fail")) {
			throw new IllegalStateException("the handler failed on purpose");
		}
		long began = System.currentTimeMillis();
		if (path.contains("/slow")) {
			// Far beyond the 2 s timeout, so a 504 at the timeout cannot be confused with
			// one after the handler, however slow the machine.
			sleep(15_000);
		}
		if (path.contains("/pause")) {
			sleep(2000);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		Map<String, Object> headers = new LinkedHashMap<>();
		// When the handler held its environment, by the machine's clock.
		headers.put("x-began", Long.toString(began));
		headers.put("x-ended", Long.toString(System.currentTimeMillis()));
		headers.put("x-function-name", context.getFunctionName());
		headers.put("x-pid", Long.toString(ProcessHandle.current().pid()));
		headers.put("x-memory-mb", Integer.toString(context.getMemoryLimitInMB()));
		headers.put("x-greeting", String.valueOf(System.getenv("GREETING")));
		headers.put("x-overridden", String.valueOf(System.getenv("OVERRIDDEN")));
		headers.put("x-unresolvable", String.valueOf(System.getenv("UNRESOLVABLE")));
		// Responses no HTTP response can carry.
		if (path.contains("/bad-base64")) {
			return Map.of("statusCode", 200, "body", "not base64!", "isBase64Encoded", true);
		}
		if (path.contains("/bad-header")) {
			return Map.of("statusCode", 200, "headers", Map.of("bad header", "x"), "body", "");
		}
		if (path.contains("/bad-status")) {
			return Map.of("statusCode", 42, "body", "");
		}
		if (path.contains("/binary")) {
			headers.put("content-type", "application/octet-stream");
			response.put("statusCode", 200);
			response.put("headers", headers);
			response.put("body", Base64.getEncoder().encodeToString(new byte[] { 0, 1, 2, (byte) 0xff }));
			response.put("isBase64Encoded", true);
			return response;
		}
		headers.put("content-type", "text/plain");
		Object base64 = v2 ? event.get("isBase64Encoded") : event.get("is_base64_encoded");
		String identity = "-";
		if (v2 && event.get("requestContext") instanceof Map<?, ?> requestContext
				&& requestContext.get("identity") instanceof Map<?, ?> id) {
			identity = String.valueOf(id.get("type"));
		}
		Object header = ((Map<?, ?>) event.get("headers")).get("x-test");
		String text = "version=" + (v2 ? "V2" : "V1") + " method=" + event.get("method") + " path=" + path + " query="
				+ (v2 ? event.get("queryStringParameters") : event.get("query_string_parameters")) + " x-test="
				+ (header instanceof List<?> list ? "list" + list : header) + " base64=" + base64 + " identity="
				+ identity + " body=" + event.get("body");
		response.put("statusCode", "POST".equals(event.get("method")) ? 201 : 200);
		response.put("headers", headers);
		response.put("body", text);
		response.put("isBase64Encoded", false);
		return response;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
