package io.latticeshop.orders.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The function's tracing, as its environment asks for it, built once. Spans go to a
 * Zipkin-protocol server when {@code TRACING_ZIPKIN_ENDPOINT} names one
 * ({@code TRACING_SAMPLING_PROBABILITY}, default 1.0, for traces that start here);
 * otherwise only the trace id is read, for the log line, and none of the OpenTelemetry
 * classes load.
 * <p>
 * Building the OpenTelemetry SDK loads a few hundred classes. The cold-start warm-up
 * begins it on a thread of its own as soon as Spring starts, so that it overlaps Spring's
 * own start on a second vCPU instead of following it on the main thread; the handler's
 * bean then finds it built, or waits for the rest.
 */
public final class TracingSetup {

	// A valid parent that is not sampled: a span under it runs every line a real one does
	// and is never exported.
	private static final Map<String, List<String>> UNSAMPLED = Map.of("traceparent",
			List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"));

	private static final AtomicReference<CompletableFuture<InvocationTracing>> STARTED = new AtomicReference<>();

	private TracingSetup() {
	}

	/**
	 * Begins building the tracing, once; returns at once.
	 * @return the tracing, when built
	 */
	public static CompletableFuture<InvocationTracing> begin() {
		CompletableFuture<InvocationTracing> started = STARTED.get();
		if (started != null) {
			return started;
		}
		String endpoint = System.getenv("TRACING_ZIPKIN_ENDPOINT");
		CompletableFuture<InvocationTracing> tracing = new CompletableFuture<>();
		if (!STARTED.compareAndSet(null, tracing)) {
			return STARTED.get();
		}
		if (endpoint == null || endpoint.isBlank()) {
			tracing.complete(InvocationTracing.IDS_ONLY);
			return tracing;
		}
		String probability = System.getenv("TRACING_SAMPLING_PROBABILITY");
		Thread.ofPlatform().name("tracing-setup").daemon(true).start(() -> {
			try {
				InvocationTracing built = ZipkinInvocationTracing.create(endpoint,
						(probability == null || probability.isBlank()) ? 1.0 : Double.parseDouble(probability));
				built.start("POST", "/", UNSAMPLED).end(200);
				tracing.complete(built);
			}
			catch (RuntimeException | Error ex) {
				tracing.completeExceptionally(ex);
			}
		});
		return tracing;
	}

}
