package io.latticeshop.orders.system;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.tracing.TracingSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.messaging.Message;

/**
 * Warms the handler's code up on a thread of its own while Spring is still starting:
 * builds a handler and runs the synthetic events through it, so that Jackson's classes
 * for events, orders and problems, and the pricing code, are loaded by the time the first
 * real event arrives.
 * <p>
 * Registered in {@code META-INF/spring.factories}, it starts as soon as the Lambda
 * adapter starts Spring, about half a second before the function's own handler exists;
 * the throw-away handler is what lets it start that early. While the main thread prepares
 * Boot's environment, configuration and logging, this thread loads Jackson, which the
 * main thread then finds loaded. With two or more vCPUs (or on a laptop) the two overlap:
 * the first answer came about 150 ms sooner in
 * {@code bench/order-processor-cold-start.sh} (see the module README). With less than one
 * vCPU it is the work the first event would have done anyway, done earlier. A failed
 * warm-up is logged and changes nothing else.
 */
public final class ColdStartWarmUp implements ApplicationListener<ApplicationStartingEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ColdStartWarmUp.class);

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		TracingSetup.begin();
		start(() -> new OrderEventHandler(new OrderPricing()));
	}

	/**
	 * Builds a handler and runs the synthetic events through it on a daemon thread;
	 * returns at once.
	 * @param handler builds the handler to warm up, on the warm-up's thread
	 * @return the status code of each synthetic event's response once the warm-up is
	 * done, or a failed future
	 */
	public static CompletableFuture<List<Integer>> start(
			Supplier<? extends Function<Message<InputStream>, Message<byte[]>>> handler) {
		CompletableFuture<List<Integer>> done = new CompletableFuture<>();
		Thread.ofPlatform().name("cold-start-warm-up").daemon(true).start(() -> {
			long started = System.nanoTime();
			try {
				List<Integer> statuses = SyntheticEvents.runThrough(handler.get());
				// Logging may not be set up yet; Boot drops what is logged before it is.
				logger.info("Warmed the handler up in {} ms beside the start: statuses {}",
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), statuses);
				done.complete(statuses);
			}
			catch (RuntimeException | Error ex) {
				logger.warn("Warm-up failed; the first event will load what it needs itself", ex);
				done.completeExceptionally(ex);
			}
		});
		return done;
	}

}
