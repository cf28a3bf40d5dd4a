package io.latticeshop.web.orders;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shop page reads besides orders: the catalog the order processor prices from,
 * and a customer as the ERP knows them, asked through a signed call.
 */
class ShopFrontTests extends WireMockPeersTest {

	@Test
	void theCatalogIsTheOneOrdersArePricedFrom() {
		JsonNode catalog = getJson("/api/catalog");

		assertThat(catalog).hasSize(30);
		assertThat(catalog.get(0).path("sku").asString()).isEqualTo("SKU-1");
		assertThat(catalog.get(0).path("name").asString()).isEqualTo("Lattice mug");
		assertThat(catalog.get(0).path("unitPrice").asLong()).isEqualTo(1_299);
		assertThat(catalog.get(0).path("currency").asString()).isEqualTo("EUR");
		assertThat(catalog.get(29).path("maxPerOrder").asInt()).isEqualTo(1);
	}

	@Test
	void aCustomerIsWhoTheErpSaysAskedWithASignedCall() {
		String customer = newCustomerId();
		erpKnows(customer, "Grace Hopper", "STANDARD");

		JsonNode found = getJson("/api/customers/{id}", customer);

		assertThat(found.path("name").asString()).isEqualTo("Grace Hopper");
		assertThat(found.path("tier").asString()).isEqualTo("STANDARD");
		// Nothing of the ERP's record the page has no use for.
		assertThat(found.has("email")).isFalse();
		peers.verify(getRequestedFor(urlPathEqualTo("/api/customers/" + customer)).withHeader("Authorization", WireMock
			.matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/.*/vpc-lattice-svcs/aws4_request.*")));
	}

	@Test
	void anUnknownCustomerIsA404ProblemAndABadIdA400() {
		peers.stubFor(erpCustomer("C-0").willReturn(WireMock.notFound()
			.withHeader("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.withBody("{\"type\":\"https://latticeshop.io/problems/customer-not-found\",\"status\":404}")));

		this.http.get()
			.uri("/api/customers/C-0")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latticeshop.io/problems/customer-not-found")
			.jsonPath("$.detail")
			.isEqualTo("The ERP has no customer C-0");
		this.http.get()
			.uri("/api/customers/{id}", "C 1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latticeshop.io/problems/invalid-request");
		assertThat(peers.findAll(getRequestedFor(urlPathEqualTo("/api/customers/C 1")))).isEmpty();
	}

}
