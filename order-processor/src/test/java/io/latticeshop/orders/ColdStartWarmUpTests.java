package io.latticeshop.orders;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.system.ColdStartWarmUp;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ColdStartWarmUpTests {

	@Test
	void warmUpBuildsAHandlerAndRunsItThroughItsHappyAndErrorPathsOffTheCallersThread() throws Exception {
		List<String> threads = Collections.synchronizedList(new ArrayList<>());
		Supplier<Function<Message<InputStream>, Message<byte[]>>> observed = () -> {
			threads.add(Thread.currentThread().getName());
			OrderEventHandler handler = new OrderEventHandler(new OrderPricing());
			return (event) -> {
				threads.add(Thread.currentThread().getName());
				return handler.apply(event);
			};
		};

		List<Integer> statuses = ColdStartWarmUp.start(observed).get(30, TimeUnit.SECONDS);

		assertThat(statuses).containsExactly(200, 404);
		// Built and called there: one construction, two events.
		assertThat(threads).containsOnly("cold-start-warm-up").hasSize(3);
	}

	@Test
	void springStartsTheWarmUpAsSoonAsTheApplicationStarts() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
			.hasAtLeastOneElementOfType(ColdStartWarmUp.class);
	}

	@Test
	void aFailedWarmUpIsReportedAndLeavesTheCallerAlone() {
		Supplier<Function<Message<InputStream>, Message<byte[]>>> broken = () -> (event) -> {
			throw new IllegalStateException("handler broken");
		};

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> ColdStartWarmUp.start(broken).get(30, TimeUnit.SECONDS))
			.withRootCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("handler broken");
	}

}
