package io.latticeshop.orders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the real Lambda entry point, {@link FunctionInvoker#handleRequest}, with the
 * bytes Lambda would hand it. One invoker per JVM, as in a warm Lambda sandbox.
 */
final class LambdaInvocations {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static FunctionInvoker invoker;

	private LambdaInvocations() {
	}

	static synchronized FunctionInvoker invoker() {
		if (invoker == null) {
			invoker = new FunctionInvoker();
		}
		return invoker;
	}

	static JsonNode invoke(byte[] event) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try {
			invoker().handleRequest(new ByteArrayInputStream(event), output, new TestContext("req-" + event.length));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return JSON.readTree(output.toByteArray());
	}

	static JsonNode invoke(String event) {
		return invoke(event.getBytes(StandardCharsets.UTF_8));
	}

	static JsonNode invokeResource(String name) {
		try (InputStream in = LambdaInvocations.class.getResourceAsStream("/events/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No event " + name);
			}
			return invoke(in.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The response body, parsed; Lattice responses carry it as a JSON string. */
	static JsonNode body(JsonNode response) {
		return JSON.readTree(response.get("body").asString());
	}

}
