package io.latticeshop.orders.lattice;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The function's JSON mappers, kept apart from the mapper Spring Cloud Function
 * configures for itself, so that the contract with Lattice and with the web server does
 * not move when the framework's defaults do.
 */
final class LatticeJson {

	// Shared, as mappers are thread-safe: what Jackson learns about the event and order
	// types while the cold-start warm-up runs, the function's own handler then finds.
	private static final JsonMapper EVENTS = buildEvents();

	private static final JsonMapper ORDERS = buildOrders();

	private LatticeJson() {
	}

	/**
	 * For Lattice's events, which are read tolerantly: Lattice and hand-written events
	 * disagree on case (x509IssuerOu, X509IssuerOu) and on types (timeEpoch as a number
	 * or a string).
	 */
	static JsonMapper events() {
		return EVENTS;
	}

	private static JsonMapper buildEvents() {
		return JsonMapper.builder()
			.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	/**
	 * For orders and for everything the function writes. JSON types are part of the
	 * contract, as at the web server: a quantity of 2.5 is a client bug to report, not 2
	 * units to sell, and neither {@code "2"} nor an orderId of {@code 123} is read as
	 * what it resembles. Property names are matched exactly.
	 */
	static JsonMapper orders() {
		return ORDERS;
	}

	private static JsonMapper buildOrders() {
		return JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			// Which of two orderIds would count is anyone's guess.
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
			.build();
	}

}
