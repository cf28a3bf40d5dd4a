package io.latticeshop.web.system;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON types are part of the contract: {@code "customerId": 1001} is as wrong as
 * {@code "quantity": "2"} (which {@code spring.jackson.mapper.allow-coercion-of-scalars}
 * already refuses). Jackson turns numbers and booleans into strings unless told not to. A
 * key given twice is refused too: otherwise the last value wins, silently
 * ({@code ShopProblemHandling} names the key).
 */
@Configuration(proxyBeanMethods = false)
public class JsonStrictness {

	@Bean
	JsonMapperBuilderCustomizer noScalarsAsStrings() {
		return (builder) -> builder.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	@Bean
	JsonMapperBuilderCustomizer noDuplicateKeys() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

}
