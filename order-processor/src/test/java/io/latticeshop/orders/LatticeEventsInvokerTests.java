package io.latticeshop.orders;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import tools.jackson.databind.JsonNode;

import static io.latticeshop.orders.LambdaInvocations.body;
import static io.latticeshop.orders.LambdaInvocations.invoke;
import static io.latticeshop.orders.LambdaInvocations.invokeResource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lattice events of both structure versions, as Lambda hands them to
 * {@code FunctionInvoker}, and the whole Lattice response that comes back.
 */
class LatticeEventsInvokerTests {

	@Test
	void v2PostWithListValuesIsPriced() throws Exception {
		JsonNode response = invokeResource("v2-post-order.json");

		assertResponse(response, 200, "200 OK", "application/json");
		JSONAssert.assertEquals("""
				{"orderId":"ORD-1001","status":"ACCEPTED",
				 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1299,"lineTotal":2598},
				          {"sku":"SKU-4","quantity":1,"unitPrice":2490,"lineTotal":2490}],
				 "subtotal":5088,"discount":254,"total":4834,"currency":"EUR","reasons":[]}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v2PostWithBase64BodyAndSingleStringValuesIsPriced() throws Exception {
		JsonNode response = invokeResource("v2-post-order-base64.json");

		assertResponse(response, 200, "200 OK", "application/json");
		JSONAssert.assertEquals("""
				{"orderId":"ORD-1002","status":"ACCEPTED",
				 "lines":[{"sku":"SKU-12","quantity":2,"unitPrice":8999,"lineTotal":17998},
				          {"sku":"SKU-3","quantity":10,"unitPrice":450,"lineTotal":4500}],
				 "subtotal":22498,"discount":2250,"total":20248,"currency":"EUR","reasons":[]}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v2WithoutOptionalFieldsGetsEveryRejectionReason() throws Exception {
		JsonNode response = invokeResource("v2-post-rejected-minimal.json");

		assertResponse(response, 200, "200 OK", "application/json");
		JSONAssert.assertEquals("""
				{"orderId":"ORD-1003","status":"REJECTED","lines":[],"subtotal":0,"discount":0,"total":0,
				 "currency":"EUR",
				 "reasons":["SKU-99: unknown SKU","SKU-30: quantity 2 exceeds the per-order limit of 1"]}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v2GetOnTheOrderRouteIsMethodNotAllowed() throws Exception {
		JsonNode response = invokeResource("v2-get-process.json");

		assertThat(response.get("statusCode").asInt()).isEqualTo(405);
		assertThat(response.get("statusDescription").asString()).isEqualTo("405 Method Not Allowed");
		assertThat(response.get("headers").get("Allow").asString()).isEqualTo("POST");
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo("application/problem+json");
		assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
		JSONAssert.assertEquals("""
				{"type":"https://latticeshop.io/problems/method-not-allowed","title":"Method Not Allowed",
				 "status":405,"detail":"/orders/process accepts only POST","instance":"/orders/process"}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v2UnknownPathIsNotFoundWithTheQueryStripped() throws Exception {
		JsonNode response = invokeResource("v2-get-unknown-path.json");

		assertResponse(response, 404, "404 Not Found", "application/problem+json");
		JSONAssert.assertEquals("""
				{"type":"https://latticeshop.io/problems/not-found","title":"Not Found","status":404,
				 "detail":"No route for GET /orders/ORD-1001","instance":"/orders/ORD-1001"}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v2InvalidFieldsAreBadRequestNamingEachField() throws Exception {
		JsonNode response = invokeResource("v2-post-invalid-fields.json");

		assertResponse(response, 400, "400 Bad Request", "application/problem+json");
		JSONAssert.assertEquals(
				"""
						{"type":"https://latticeshop.io/problems/invalid-request","title":"Bad Request","status":400,
						 "detail":"customerId: must not be blank; customerTier: must be one of STANDARD, GOLD, PLATINUM; items[0].quantity: must be positive; items[1].quantity: must be positive; items[1].sku: must not be blank",
						 "instance":"/orders/process",
						 "errors":[{"field":"customerId","message":"must not be blank"},
						           {"field":"customerTier","message":"must be one of STANDARD, GOLD, PLATINUM"},
						           {"field":"items[0].quantity","message":"must be positive"},
						           {"field":"items[1].quantity","message":"must be positive"},
						           {"field":"items[1].sku","message":"must not be blank"}]}
						""",
				body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v1PostWithQueryOnRawPathAndBase64BodyIsPriced() throws Exception {
		JsonNode response = invokeResource("v1-post-order.json");

		assertResponse(response, 200, "200 OK", "application/json");
		JSONAssert.assertEquals("""
				{"orderId":"ORD-2001","status":"ACCEPTED",
				 "lines":[{"sku":"SKU-5","quantity":3,"unitPrice":899,"lineTotal":2697}],
				 "subtotal":2697,"discount":0,"total":2697,"currency":"EUR","reasons":[]}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v1PostWithTextBodyIsPriced() throws Exception {
		JsonNode response = invokeResource("v1-post-order-text.json");

		assertResponse(response, 200, "200 OK", "application/json");
		JSONAssert.assertEquals("""
				{"orderId":"ORD-2002","status":"ACCEPTED",
				 "lines":[{"sku":"SKU-30","quantity":1,"unitPrice":5000,"lineTotal":5000}],
				 "subtotal":5000,"discount":250,"total":4750,"currency":"EUR","reasons":[]}
				""", body(response).toString(), JSONCompareMode.STRICT);
	}

	@Test
	void v1UnknownPathIsNotFound() {
		JsonNode response = invokeResource("v1-get-unknown-path.json");

		assertResponse(response, 404, "404 Not Found", "application/problem+json");
		assertThat(body(response).get("instance").asString()).isEqualTo("/healthz");
	}

	@Test
	void v1DeleteOnTheOrderRouteIsMethodNotAllowed() {
		JsonNode response = invokeResource("v1-delete-process.json");

		assertThat(response.get("statusCode").asInt()).isEqualTo(405);
		assertThat(response.get("headers").get("Allow").asString()).isEqualTo("POST");
	}

	@Test
	void malformedOrderJsonIsBadRequest() {
		JsonNode response = invoke("""
				{"version":"2.0","path":"/orders/process","method":"POST",
				 "headers":{"content-type":["application/json"]},"body":"{\\"orderId\\": ","isBase64Encoded":false}
				""");

		assertResponse(response, 400, "400 Bad Request", "application/problem+json");
		assertThat(body(response).get("type").asString()).isEqualTo("https://latticeshop.io/problems/invalid-request");
	}

	@Test
	void fractionalQuantityIsBadRequestNotTruncated() {
		JsonNode response = invoke(
				"""
						{"version":"2.0","path":"/orders/process","method":"POST","body":
						 "{\\"orderId\\":\\"o\\",\\"customerId\\":\\"c\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":2.5}]}"}
						""");

		assertThat(response.get("statusCode").asInt()).isEqualTo(400);
		assertThat(body(response).get("type").asString()).isEqualTo("https://latticeshop.io/problems/invalid-request");
	}

	/**
	 * Headers that name Spring Cloud Function's routing (CVE-2022-22963 came in that way)
	 * reach nothing today: with an InputStream input the adapter copies no event headers
	 * into the message, and the function definition is fixed. This pins the outcome
	 * should either of those change.
	 */
	@Test
	void requestHeadersCannotSteerTheFunction() {
		JsonNode response = invoke(
				"""
						{"version":"2.0","path":"/orders/process","method":"POST",
						 "headers":{"spring.cloud.function.definition":["functionRouter"],
						            "spring.cloud.function.routing-expression":["'nothing'"],
						            "contentType":["text/plain"]},
						 "body":"{\\"orderId\\":\\"o\\",\\"customerId\\":\\"c\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":1}]}"}
						""");

		assertResponse(response, 200, "200 OK", "application/json");
		assertThat(body(response).get("status").asString()).isEqualTo("ACCEPTED");
	}

	private static void assertResponse(JsonNode response, int status, String description, String contentType) {
		assertThat(response.propertyNames()).containsExactlyInAnyOrder("statusCode", "statusDescription", "headers",
				"body", "isBase64Encoded");
		assertThat(response.get("statusCode").asInt()).isEqualTo(status);
		assertThat(response.get("statusDescription").asString()).isEqualTo(description);
		assertThat(response.get("headers").propertyNames()).containsExactly("Content-Type");
		assertThat(response.get("headers").get("Content-Type").asString()).isEqualTo(contentType);
		assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
		assertThat(response.get("body").isString()).isTrue();
	}

}
