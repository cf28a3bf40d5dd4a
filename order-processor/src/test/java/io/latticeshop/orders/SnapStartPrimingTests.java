package io.latticeshop.orders;

import io.latticeshop.orders.system.SnapStartPriming;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SnapStartPrimingTests {

	@Test
	void primingRunsTheRealFunctionThroughItsHappyAndErrorPaths() {
		try (ConfigurableApplicationContext context = FunctionalSpringApplication
			.run(OrderProcessorApplication.class)) {
			SnapStartPriming priming = context.getBean(SnapStartPriming.class);

			assertThat(priming.prime()).containsExactly(200, 404);
			assertThatNoException().isThrownBy(() -> priming.beforeCheckpoint(null));
		}
	}

}
