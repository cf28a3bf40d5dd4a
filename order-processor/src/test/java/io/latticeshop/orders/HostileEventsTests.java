package io.latticeshop.orders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import static io.latticeshop.orders.LambdaInvocations.body;
import static io.latticeshop.orders.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events no Lattice would send, and some a caller can provoke. Each must come back as a
 * well-formed 4xx Lattice response: an exception out of the handler would be a Lambda
 * error, which Lattice turns into a 5xx.
 */
class HostileEventsTests {

	private static final String SIX_MB = "x".repeat(6 * 1024 * 1024);

	@ParameterizedTest
	@ValueSource(strings = { "not json at all", "", "   ", "null", "42", "\"a string\"", "[1,2,3]",
			"[{\"method\":\"POST\"}]", "{\"version\":\"2.0\",", "{\"a\":1}{\"b\":2}" })
	void eventThatIsNotAJsonObjectIsMalformed(String event) {
		assertProblem(invoke(event), 400, "malformed-event");
	}

	@Test
	void eventWithoutMethodIsMalformed() {
		JsonNode response = invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"body\":\"{}\"}");

		assertProblem(response, 400, "malformed-event");
		assertThat(body(response).get("detail").asString()).isEqualTo("The event has no method");
	}

	@Test
	void eventWithoutPathIsMalformed() {
		assertProblem(invoke("{\"version\":\"2.0\",\"method\":\"POST\"}"), 400, "malformed-event");
		assertProblem(invoke("{\"method\":\"POST\",\"body\":\"{}\"}"), 400, "malformed-event");
	}

	@Test
	void eventWithFieldsOfTheWrongShapeIsMalformed() {
		assertProblem(invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":[\"POST\"]}"), 400,
				"malformed-event");
		assertProblem(invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":\"POST\",\"headers\":[]}"),
				400, "malformed-event");
	}

	@Test
	void unknownStructureVersionIsMalformed() {
		assertProblem(invoke("{\"version\":\"3.0\",\"path\":\"/orders/process\",\"method\":\"POST\"}"), 400,
				"malformed-event");
	}

	@Test
	void bodyMarkedBase64ThatIsNotBase64IsMalformed() {
		JsonNode response = invoke("""
				{"version":"2.0","path":"/orders/process","method":"POST","body":"{not base64!}","isBase64Encoded":true}
				""");

		assertProblem(response, 400, "malformed-event");
		assertThat(body(response).get("detail").asString()).contains("base64");
	}

	@Test
	void sixMegabyteBodyIsTooLarge() {
		JsonNode response = invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":\"POST\",\"body\":\""
				+ SIX_MB + "\",\"isBase64Encoded\":false}");

		assertProblem(response, 413, "payload-too-large");
		assertThat(response.get("statusDescription").asString()).isEqualTo("413 Content Too Large");
	}

	@Test
	void sixMegabyteBase64BodyIsTooLarge() {
		String encoded = Base64.getEncoder().encodeToString(SIX_MB.getBytes(StandardCharsets.US_ASCII));
		JsonNode response = invoke("{\"raw_path\":\"/orders/process\",\"method\":\"POST\",\"body\":\"" + encoded
				+ "\",\"is_base64_encoded\":true}");

		assertProblem(response, 413, "payload-too-large");
	}

	@Test
	void eventLargerThanLambdaAcceptsIsTooLargeWithoutBeingParsed() {
		byte[] event = new byte[9 * 1024 * 1024];
		java.util.Arrays.fill(event, (byte) '[');

		assertProblem(invoke(event), 413, "payload-too-large");
	}

	@Test
	void deeplyNestedJsonIsMalformed() {
		String nested = "[".repeat(100_000);

		assertProblem(invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":\"POST\",\"x\":" + nested),
				400, "malformed-event");
	}

	@Test
	void nonJsonContentTypeIsUnsupported() {
		assertProblem(invoke("""
				{"version":"2.0","path":"/orders/process","method":"POST",
				 "headers":{"content-type":["text/plain"]},"body":"SKU-1 x 2"}
				"""), 415, "unsupported-media-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "[]", "\\\"order\\\"", "{\\\"items\\\":\\\"SKU-1\\\"}" })
	void bodyThatIsNotAnOrderIsBadRequest(String body) {
		JsonNode response = invoke(
				"{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":\"POST\",\"body\":\"" + body + "\"}");

		assertThat(response.get("statusCode").asInt()).isEqualTo(400);
		assertThat(body(response).get("type").asString()).startsWith("https://latticeshop.io/problems/");
	}

	@Test
	void controlCharactersInThePathDoNotBreakTheResponse() {
		JsonNode response = invoke("{\"version\":\"2.0\",\"path\":\"/x\\r\\nforged: log line <>\",\"method\":\"GET\"}");

		assertProblem(response, 404, "not-found");
		assertThat(body(response).get("detail").asString()).doesNotContain("\r", "\n");
	}

	private static void assertProblem(JsonNode response, int status, String kind) {
		assertThat(response.get("statusCode").asInt()).isEqualTo(status);
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/problem+json");
		assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
		JsonNode problem = body(response);
		assertThat(problem.get("type").asString()).isEqualTo("https://latticeshop.io/problems/" + kind);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
	}

}
