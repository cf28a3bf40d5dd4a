package io.latticeshop.orders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
		assertProblem(invoke(event), 400, "invalid-request");
	}

	@Test
	void eventWithoutMethodIsMalformed() {
		JsonNode response = invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"body\":\"{}\"}");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("detail").asString()).isEqualTo("The event has no method");
	}

	@Test
	void eventWithoutPathIsMalformed() {
		assertProblem(invoke("{\"version\":\"2.0\",\"method\":\"POST\"}"), 400, "invalid-request");
		assertProblem(invoke("{\"method\":\"POST\",\"body\":\"{}\"}"), 400, "invalid-request");
	}

	@Test
	void eventWithFieldsOfTheWrongShapeIsMalformed() {
		assertProblem(invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":[\"POST\"]}"), 400,
				"invalid-request");
		assertProblem(invoke("{\"version\":\"2.0\",\"path\":\"/orders/process\",\"method\":\"POST\",\"headers\":[]}"),
				400, "invalid-request");
	}

	@Test
	void unknownStructureVersionIsMalformed() {
		assertProblem(invoke("{\"version\":\"3.0\",\"path\":\"/orders/process\",\"method\":\"POST\"}"), 400,
				"invalid-request");
	}

	@Test
	void bodyMarkedBase64ThatIsNotBase64IsMalformed() {
		JsonNode response = invoke("""
				{"version":"2.0","path":"/orders/process","method":"POST","body":"{not base64!}","isBase64Encoded":true}
				""");

		assertProblem(response, 400, "invalid-request");
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
				400, "invalid-request");
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

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					names in another case           | {"ORDERID":"o","CUSTOMERID":"c","CUSTOMERTIER":"GOLD","ITEMS":[{"SKU":"SKU-1","QUANTITY":1}]} | orderId
					a number where text belongs     | {"orderId":123,"customerId":"c","customerTier":"GOLD","items":[{"sku":"SKU-1","quantity":1}]} | orderId
					text where a number belongs     | {"orderId":"o","customerId":"c","customerTier":"GOLD","items":[{"sku":"SKU-1","quantity":"2"}]} | items[0].quantity
					an object where a list belongs  | {"orderId":"o","customerId":"c","customerTier":"GOLD","items":{"sku":"SKU-1","quantity":1}} | items
					""")
	void anOrderIsReadAsTypedAndNamedNotAsItResembles(String name, String order, String field) {
		JsonNode response = invokeOrder(order, "application/json");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("errors").findValuesAsString("field")).contains(field);
		assertThat(body(response).get("detail").asString()).doesNotContain("java.", "Coercion", "deserialize");
	}

	@Test
	void aBodyThatIsNotJsonSaysWhereItWentWrong() {
		JsonNode response = invokeOrder(
				"{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1",
				"application/json");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("detail").asString())
			.matches("The request body is not valid JSON \\(line 1, column \\d+\\)");
	}

	@Test
	void aKeyGivenTwiceIsNamedAsTheWebServerNamesIt() {
		// Which of two orderIds counts is the parser's choice; refusing both is ours.
		JsonNode response = invokeOrder(
				"{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"quantity\":9}]}",
				"application/json");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("detail").asString()).isEqualTo("items[0].quantity: appears more than once");
		assertThat(body(response).get("errors").get(0).get("field").asString()).isEqualTo("items[0].quantity");
	}

	@Test
	void contentAfterTheOrderIsRefusedAsNotOneObject() {
		JsonNode response = invokeOrder("{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\","
				+ "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}{}", "application/json");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("detail").asString()).isEqualTo("The request body must be one JSON object");
	}

	@Test
	void aNumberTooLongToReadIsRefusedWithoutNamingTheParser() {
		JsonNode response = invokeOrder("{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\","
				+ "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":" + "9".repeat(2001) + "}]}", "application/json");

		assertProblem(response, 400, "invalid-request");
		assertThat(body(response).get("detail").asString()).doesNotContain("StreamReadConstraints");
	}

	@Test
	void anOrderInAnotherCharsetThanUtf8IsUnsupported() {
		String order = "{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}";

		assertProblem(invokeOrder(order, "application/json; charset=ISO-8859-1"), 415, "unsupported-media-type");
		assertThat(invokeOrder(order, "application/json; charset=\"UTF-8\"").get("statusCode").asInt()).isEqualTo(200);
	}

	@Test
	void theBodyLimitIs64KiBExactly() {
		String head = "{\"orderId\":\"o\",\"customerId\":\"c\",\"customerTier\":\"GOLD\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}";
		String atLimit = head + " ".repeat(64 * 1024 - head.length());

		assertThat(invokeOrder(atLimit, "application/json").get("statusCode").asInt()).isEqualTo(200);
		assertProblem(invokeOrder(atLimit + " ", "application/json"), 413, "payload-too-large");
	}

	private static JsonNode invokeOrder(String order, String contentType) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("version", "2.0");
		event.put("path", "/orders/process");
		event.put("method", "POST");
		event.put("headers", Map.of("content-type", List.of(contentType)));
		event.put("body", order);
		return invoke(JsonMapper.shared().writeValueAsString(event));
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
