package io.latticeshop.orders.system;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * Runs the synthetic events through the handler on a thread of its own while Spring is
 * still starting, so that the first real event finds Jackson's deserializers for events
 * and orders, and the pricing code, already loaded and set up.
 * <p>
 * With two or more vCPUs (or on a laptop) this overlaps with the rest of the start: the
 * cold start's first answer came about 90 ms sooner in {@code bench/} (see the README).
 * With less than one vCPU it is the work the first event would have done anyway, done
 * earlier. A failed warm-up is logged and changes nothing else: the first event then
 * loads what it needs itself.
 */
public final class ColdStartWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(ColdStartWarmUp.class);

	private ColdStartWarmUp() {
	}

	/**
	 * Starts the warm-up on a daemon thread and returns at once.
	 * @param handler the function's handler, called directly (not through the function
	 * catalog, which does not exist yet)
	 * @return the status code of each synthetic event's response once the warm-up is
	 * done, or a failed future
	 */
	public static CompletableFuture<List<Integer>> start(Function<Message<InputStream>, Message<byte[]>> handler) {
		CompletableFuture<List<Integer>> done = new CompletableFuture<>();
		Thread.ofPlatform().name("cold-start-warm-up").daemon(true).start(() -> {
			long started = System.nanoTime();
			try {
				List<Integer> statuses = SyntheticEvents.runThrough(handler);
				logger.info("Warmed up the handler in {} ms beside the start: statuses {}",
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
