package io.latticeshop.bench.hop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: signed GETs start on schedule whether or not earlier ones finished, and
 * each is timed from when it was due, so a stall counts against every request it delays.
 * A fresh signature per request, as a real caller makes.
 */
final class FixedRate {

	/** Latencies in milliseconds. */
	record Result(String path, long requests, long errors, double throughput, double p50Millis, double p90Millis,
			double p99Millis, double maxMillis) {
	}

	private final HopSigner signer = new HopSigner();

	Result run(String path, URI uri, int rate, Duration duration) throws InterruptedException {
		try (HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build()) {
			long interval = 1_000_000_000L / rate;
			int count = (int) (duration.toNanos() / interval);
			long[] latencies = new long[count];
			AtomicInteger recorded = new AtomicInteger();
			AtomicLong errors = new AtomicLong();
			CountDownLatch done = new CountDownLatch(count);
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				long due = start + i * interval;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				Thread.ofVirtual().start(() -> {
					try {
						if (!send(http, uri)) {
							errors.incrementAndGet();
						}
						latencies[recorded.getAndIncrement()] = System.nanoTime() - due;
					}
					finally {
						done.countDown();
					}
				});
			}
			done.await();
			double seconds = (System.nanoTime() - start) / 1e9;
			long[] sorted = Arrays.copyOf(latencies, recorded.get());
			Arrays.sort(sorted);
			return new Result(path, sorted.length, errors.get(), LatticeHopBench.round(sorted.length / seconds),
					percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
					percentile(sorted, 1.0));
		}
	}

	private boolean send(HttpClient http, URI uri) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
		this.signer.sign("GET", uri).forEach(request::header);
		try {
			HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static double percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return LatticeHopBench.round(sorted[Math.max(index, 0)] / 1e6);
	}

}
