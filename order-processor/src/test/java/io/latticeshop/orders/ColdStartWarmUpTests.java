package io.latticeshop.orders;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.system.ColdStartWarmUp;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ColdStartWarmUpTests {

	@Test
	void warmUpRunsTheHandlerThroughItsHappyAndErrorPathsOffTheCallersThread() throws Exception {
		OrderEventHandler handler = new OrderEventHandler(new OrderPricing());
		List<String> threads = Collections.synchronizedList(new ArrayList<>());
		Function<Message<InputStream>, Message<byte[]>> observed = (event) -> {
			threads.add(Thread.currentThread().getName());
			return handler.apply(event);
		};

		List<Integer> statuses = ColdStartWarmUp.start(observed).get(30, TimeUnit.SECONDS);

		assertThat(statuses).containsExactly(200, 404);
		assertThat(threads).containsOnly("cold-start-warm-up").hasSize(2);
	}

	@Test
	void aFailedWarmUpIsReportedAndLeavesTheCallerAlone() {
		Function<Message<InputStream>, Message<byte[]>> broken = (event) -> {
			throw new IllegalStateException("handler broken");
		};

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> ColdStartWarmUp.start(broken).get(30, TimeUnit.SECONDS))
			.withRootCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("handler broken");
	}

}
