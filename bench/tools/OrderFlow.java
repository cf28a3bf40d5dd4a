import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for POST /api/orders: a fixed-rate phase (open model: each request is timed from
 * when it was due, so a stall counts against every request it delays) and a saturation
 * phase (closed model, fixed concurrency). Bounded in time and count; loopback only.
 *
 * java bench/tools/OrderFlow.java <label> <base-url> <rate> <concurrency> <seconds> <out.json> [warm-up seconds]
 */
public class OrderFlow {

	record Phase(String name, int sent, int created, int failed, double seconds, double throughput, double p50,
			double p90, double p99, double max) {

		String json() {
			return String.format(Locale.ROOT,
					"{\"phase\": \"%s\", \"sent\": %d, \"created\": %d, \"failed\": %d, \"seconds\": %.2f, "
							+ "\"throughput\": %.1f, \"p50\": %.2f, \"p90\": %.2f, \"p99\": %.2f, \"max\": %.2f}",
					name, sent, created, failed, seconds, throughput, p50, p90, p99, max);
		}

	}

	static final int MAX_REQUESTS = 200_000;

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	static final AtomicLong SEQUENCE = new AtomicLong();

	public static void main(String[] args) throws Exception {
		String label = args[0];
		String base = args[1];
		int rate = Integer.parseInt(args[2]);
		int concurrency = Integer.parseInt(args[3]);
		int seconds = Integer.parseInt(args[4]);
		Path out = Path.of(args[5]);
		int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 5;

		warmUp(label, base, concurrency, warmup);
		Phase fixed = fixedRate(base, rate, concurrency * 4, seconds);
		Map<String, Long> cpuBefore = cpuTicksByProcess();
		Phase saturated = saturate(base, concurrency, seconds, "saturation");
		Map<String, Double> cpuPerOrder = cpuMillisPerOrder(cpuBefore, cpuTicksByProcess(), saturated.created());
		List<Phase> phases = List.of(fixed, saturated);
		for (Phase phase : phases) {
			System.out.printf(Locale.ROOT, "%-22s %-16s %9.1f orders/s  p50 %7.2f  p90 %7.2f  p99 %7.2f ms  (%d sent, %d failed)%n",
					label, phase.name(), phase.throughput(), phase.p50(), phase.p90(), phase.p99(), phase.sent(),
					phase.failed());
		}
		System.out.printf(Locale.ROOT, "%-22s CPU per order at saturation: %s%n", label, cpuPerOrder);
		Files.writeString(out, "{\"label\": \"" + label + "\", \"rate\": " + rate + ", \"concurrency\": " + concurrency
				+ ", \"phases\": [" + String.join(", ", phases.stream().map(Phase::json).toList())
				+ "], \"cpuMillisPerOrder\": {" + String.join(", ", cpuPerOrder.entrySet()
					.stream()
					.map((e) -> String.format(Locale.ROOT, "\"%s\": %.3f", e.getKey(), e.getValue()))
					.toList())
				+ "}}\n");
	}

	/**
	 * Warm-up at saturation, in rounds: JIT, connection pools, the function's first
	 * invocations and, through lattice-local, its on-demand execution environments. Six
	 * JVMs share two cores, so their JIT compilers stay busy for minutes. After a fixed
	 * 60 s the services were still compiling: one run measured a p99 of 866 ms at the
	 * fixed rate, and the next run on the same (by then warm) shop measured 28 ms. So
	 * warm-up lasts at least {@code minSeconds} and then until, in one round, the JIT
	 * compiler threads of all processes on the machine together used under 2% of one
	 * core; at most five times {@code minSeconds}.
	 */
	static void warmUp(String label, String base, int concurrency, int minSeconds) throws Exception {
		long start = System.nanoTime();
		int limit = 5 * minSeconds;
		while (true) {
			long compilingBefore = compilerTicks();
			Phase round = saturate(base, concurrency, Math.min(WARM_UP_ROUND_SECONDS, Math.max(1, minSeconds)),
					"warm-up");
			// USER_HZ ticks of 10 ms, as a share of one core over the round.
			double compiling = (compilerTicks() - compilingBefore) * 0.010 / round.seconds();
			long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
			System.out.printf(Locale.ROOT, "%-22s warm-up %4d s  %7.1f orders/s  JIT compilers %5.1f%% of a core%n",
					label, elapsed, round.throughput(), 100 * compiling);
			if (elapsed >= minSeconds && compiling < 0.02) {
				return;
			}
			if (elapsed >= limit) {
				System.out.printf(Locale.ROOT, "%-22s warm-up: compilers still busy after %d s; measuring anyway%n",
						label, elapsed);
				return;
			}
		}
	}

	static final int WARM_UP_ROUND_SECONDS = 10;

	/** CPU ticks of every JIT compiler thread on the machine (Linux; 0 elsewhere). */
	static long compilerTicks() {
		long ticks = 0;
		for (File process : processes()) {
			File[] threads = new File(process, "task").listFiles();
			for (File thread : (threads != null) ? threads : new File[0]) {
				try {
					String stat = Files.readString(thread.toPath().resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
						ticks += cpuTicks(stat);
					}
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended while being read.
				}
			}
		}
		return ticks;
	}

	/**
	 * Where the CPU goes: user + system time of every process on the machine, from
	 * /proc, grouped by what it is. Linux only; an empty map elsewhere.
	 */
	static Map<String, Long> cpuTicksByProcess() {
		Map<String, Long> ticks = new TreeMap<>();
		for (File entry : processes()) {
			try {
				String cmdline = Files.readString(entry.toPath().resolve("cmdline")).replace('\0', ' ');
				String stat = Files.readString(entry.toPath().resolve("stat"));
				ticks.merge(role(cmdline), cpuTicks(stat), Long::sum);
			}
			catch (IOException | RuntimeException ex) {
				// The process ended while being read.
			}
		}
		return ticks;
	}

	/** The process directories under /proc; none where there is no /proc. */
	static File[] processes() {
		File[] processes = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
		return (processes != null) ? processes : new File[0];
	}

	/**
	 * User + system time from a process's or thread's {@code stat} line, in USER_HZ
	 * ticks. Fields are counted after the command name, which may contain spaces.
	 */
	static long cpuTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static String role(String cmdline) {
		for (String[] known : ROLES) {
			if (cmdline.contains(known[0])) {
				return known[1];
			}
		}
		return "other";
	}

	static final String[][] ROLES = { { "web-server.jar", "web-server" }, { "erp-service.jar", "erp-service" },
			{ "lattice-local.jar", "lattice-local" }, { "api.client.AWSLambda", "order-processor (Lambda)" },
			{ "OrderFlow", "load generator" } };

	static Map<String, Double> cpuMillisPerOrder(Map<String, Long> before, Map<String, Long> after, int orders) {
		// /proc counts in USER_HZ, 100 per second on Linux.
		Map<String, Double> perOrder = new TreeMap<>();
		after.forEach((role, ticks) -> {
			long used = ticks - before.getOrDefault(role, 0L);
			if (used > 0 && orders > 0) {
				perOrder.put(role, used * 10.0 / orders);
			}
		});
		return perOrder;
	}

	static Phase fixedRate(String base, int rate, int maxInFlight, int seconds) throws Exception {
		int total = Math.min(rate * seconds, MAX_REQUESTS);
		long intervalNanos = 1_000_000_000L / rate;
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger created = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Semaphore inFlight = new Semaphore(maxInFlight);
		long start = System.nanoTime();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < total; i++) {
				long due = start + i * intervalNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					java.util.concurrent.locks.LockSupport.parkNanos(wait);
				}
				inFlight.acquire();
				executor.submit(() -> {
					try {
						record(send(base), due, latencies, created, failed);
					}
					finally {
						inFlight.release();
					}
				});
			}
		}
		return summary("fixed " + rate + "/s", total, created.get(), failed.get(), start, latencies);
	}

	static Phase saturate(String base, int concurrency, int seconds, String name) throws Exception {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger created = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		long start = System.nanoTime();
		long end = start + Duration.ofSeconds(seconds).toNanos();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int c = 0; c < concurrency; c++) {
				executor.submit(() -> {
					while (System.nanoTime() < end && sent.incrementAndGet() <= MAX_REQUESTS) {
						long due = System.nanoTime();
						record(send(base), due, latencies, created, failed);
					}
				});
			}
		}
		return summary(name, Math.min(sent.get(), MAX_REQUESTS), created.get(), failed.get(), start, latencies);
	}

	static int send(String base) {
		long n = SEQUENCE.incrementAndGet();
		String customer = String.format("C-%d", 1001 + n % 20);
		String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-" + (1 + n % 30)
				+ "\",\"quantity\":1},{\"sku\":\"SKU-" + (1 + (n * 7) % 30) + "\",\"quantity\":1}]}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/orders"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", "bench-" + ProcessHandle.current().pid() + "-" + n)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	static void record(int status, long due, ConcurrentLinkedQueue<Long> latencies, AtomicInteger created,
			AtomicInteger failed) {
		// Percentiles are of orders placed: a fast refusal must not pass for a fast order.
		if (status == 201) {
			latencies.add(System.nanoTime() - due);
			created.incrementAndGet();
		}
		else {
			failed.incrementAndGet();
		}
	}

	static Phase summary(String name, int sent, int created, int failed, long start, ConcurrentLinkedQueue<Long> latencies) {
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Phase(name, sent, created, failed, seconds, created / seconds, percentile(sorted, 0.50),
				percentile(sorted, 0.90), percentile(sorted, 0.99), percentile(sorted, 1.0));
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
