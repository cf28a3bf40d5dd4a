package io.latticeshop.web.orders;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that is down, slow, refused by Lattice or broken: the caller gets 503, 504 or
 * 502 naming the peer, and no order is stored, not even a rejected one.
 */
class PeerFailureTests extends WireMockPeersTest {

	// @formatter:off
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({
			"erp,             down,     503, peer-unavailable",
			"erp,             slow,     504, peer-timeout",
			"erp,             dribbling, 504, peer-timeout",
			"erp,             denied,   502, peer-refused",
			"erp,             broken,   502, peer-failed",
			"erp,             garbled,  502, peer-failed",
			"erp,             missing,  502, peer-failed",
			"erp,             oversized, 502, peer-failed",
			"order-processor, foreign,  502, peer-failed",
			"order-processor, unpriced, 502, peer-failed",
			"order-processor, oddcurrency, 502, peer-failed",
			"order-processor, down,     503, peer-unavailable",
			"order-processor, slow,     504, peer-timeout",
			"order-processor, denied,   502, peer-refused",
			"order-processor, broken,   502, peer-failed",
			"order-processor, garbled,  502, peer-failed",
			"order-processor, missing,  502, peer-failed" })
	// @formatter:on
	void peerFaultNamesThePeerAndStoresNothing(String peer, String mode, int status, String type) {
		String customer = newCustomerId();
		erpKnows(customer, "Ken Thompson", "GOLD");
		processorAccepts();
		MappingBuilder call = peer.equals("erp") ? erpCustomer(customer) : processOrder();
		peers.stubFor(call.willReturn(failure(mode)));

		place(order(customer), "fault-" + customer).expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latticeshop.io/problems/" + type)
			.jsonPath("$.peer")
			.isEqualTo(peer)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains(peer));

		ordersOf(customer).expectBody().json("[]");
		if (peer.equals("erp")) {
			assertThat(processorCalls()).isZero();
		}
	}

	private static final String VERDICT = """
			{"orderId":"%s","status":"ACCEPTED",
			 "lines":[{"sku":"%s","quantity":2,"unitPrice":1299,"lineTotal":2598}],
			 "subtotal":2598,"discount":0,"total":2598,"currency":"%s","reasons":[]}
			""";

	private static ResponseDefinitionBuilder failure(String mode) {
		return switch (mode) {
			case "down" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			// Well past lattice.read-timeout (1s).
			case "slow" -> accepted().withFixedDelay(2_500);
			// Every chunk well within the read timeout, the whole body well past the
			// call's deadline (connect plus read timeout).
			case "dribbling" -> okJson("{\"id\":\"C-1\",\"name\":\"" + "x".repeat(200) + "\",\"tier\":\"GOLD\"}")
				.withChunkedDribbleDelay(40, 8_000);
			case "denied" -> aResponse().withStatus(403)
				.withHeader("Content-Type", "text/plain")
				.withBody("AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/web/i-0 is not "
						+ "authorized to perform: vpc-lattice-svcs:Invoke because no service-based policy allows it");
			case "broken" -> aResponse().withStatus(500).withBody("{\"title\":\"boom\"}");
			case "garbled" -> okJson("{\"status\": ");
			case "missing" -> aResponse().withStatus(404);
			case "oversized" -> okJson("{\"id\":\"C-1\",\"name\":\"" + "x".repeat(401) + "\",\"tier\":\"GOLD\"}");
			case "foreign" -> okJson(VERDICT.formatted("ORD-someone-else", "SKU-1", "EUR"));
			case "unpriced" -> aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withTransformers("response-template")
				.withBody(VERDICT.formatted("{{jsonPath request.body '$.orderId'}}", "x".repeat(65), "EUR"));
			case "oddcurrency" -> aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withTransformers("response-template")
				.withBody(VERDICT.formatted("{{jsonPath request.body '$.orderId'}}", "SKU-1", "euro"));
			default -> throw new IllegalArgumentException(mode);
		};
	}

}
