package io.latticeshop.orders.lattice;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for events, order bodies and responses. Kept apart from the mapper
 * Spring Cloud Function configures for itself, so that the contract with Lattice and with
 * the web server does not move when the framework's defaults do.
 */
final class LatticeJson {

	private LatticeJson() {
	}

	static JsonMapper mapper() {
		return JsonMapper.builder()
			// Lattice and hand-written events disagree on case (x509IssuerOu,
			// X509IssuerOu).
			.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// A quantity of 2.5 is a client bug to report, not 2 units to sell.
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
			.build();
	}

}
