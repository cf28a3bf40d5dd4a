package io.latticeshop.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.binding.BindingReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Lattice hop costs: signed GETs to a loopback target, once directly and once
 * through lattice-local (SigV4 verification, network and service policy, forwarding,
 * access log), at a fixed rate and at saturation with the same concurrency. Saturation
 * runs in rounds, each direct, through lattice-local and through a bare TCP relay, back
 * to back. Run by {@code bench/lattice-hop.sh}.
 *
 * <p>
 * At a fixed rate each request is timed from when it was due, not from when it was sent,
 * so a stall counts against every request it delays.
 */
public final class LatticeHopBench {

	private static final byte[] BODY = "{\"id\":\"C-1001\",\"name\":\"Ada Lovelace\",\"tier\":\"GOLD\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String KEY = "AKIABENCHCALLER00001";

	private static final String SECRET = "bench-secret";

	private static final long LATER_WARMUP_NANOS = 3_000_000_000L;

	private final int rate;

	private final int concurrency;

	private final long phaseNanos;

	private final long warmupNanos;

	private final int maxRequests;

	private final int rounds;

	LatticeHopBench(int rate, int concurrency, int seconds, int warmupSeconds, int maxRequests, int rounds) {
		this.rate = rate;
		this.concurrency = concurrency;
		this.phaseNanos = seconds * 1_000_000_000L;
		this.warmupNanos = warmupSeconds * 1_000_000_000L;
		this.maxRequests = maxRequests;
		this.rounds = rounds;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("rate", "500", "concurrency", "16", "seconds", "15",
				"warmup", "10", "max-requests", "200000", "rounds", "3", "out", "bench/results/lattice-hop.json"));
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		LatticeHopBench bench = new LatticeHopBench(Integer.parseInt(options.get("rate")),
				Integer.parseInt(options.get("concurrency")), Integer.parseInt(options.get("seconds")),
				Integer.parseInt(options.get("warmup")), Integer.parseInt(options.get("max-requests")),
				Integer.parseInt(options.get("rounds")));
		bench.run(Path.of(options.get("out")));
		System.exit(0);
	}

	void run(Path out) throws Exception {
		HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		target.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, BODY.length);
			exchange.getResponseBody().write(BODY);
			exchange.close();
		});
		target.start();
		Path work = Files.createTempDirectory("lattice-hop-");
		LatticeLocal local = new LatticeLocal();
		try {
			Files.writeString(work.resolve("Bench.template.json"), TEMPLATE);
			Files.writeString(work.resolve("bench.yaml"), """
					template: Bench.template.json
					accessLog: access.log
					services:
					  bench: { listen: 127.0.0.1:0 }
					targets:
					  Bench/Targets: { url: http://127.0.0.1:%d, timeout: 10s }
					workloads:
					  caller: { accessKeyId: %s, secretAccessKey: %s, role: Caller/Role, vpc: Caller/Vpc }
					""".formatted(target.getAddress().getPort(), KEY, SECRET));
			local.start(BindingReader.read(work.resolve("bench.yaml")));
			URI direct = URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/bench/items/1");
			URI proxied = URI.create("http://127.0.0.1:" + local.addresses().get("bench").getPort() + "/bench/items/1");
			try (HttpClient http = httpClient()) {
				SignedClient client = new SignedClient(http, "us-east-1", KEY, SECRET);
				check(client, direct);
				check(client, proxied);
			}

			Result fixedDirect = withClient((client) -> fixedRate("direct", client, direct));
			Result fixedHop = withClient((client) -> fixedRate("lattice-local", client, proxied));
			List<Round> rounds = new ArrayList<>();
			try (TcpRelay relay = new TcpRelay(target.getAddress())) {
				URI viaRelay = URI.create("http://127.0.0.1:" + relay.port() + "/bench/items/1");
				for (int round = 0; round < this.rounds; round++) {
					// The JIT is warm after the first round; later ones only refill the
					// pools.
					long warmup = (round == 0) ? this.warmupNanos : Math.min(this.warmupNanos, LATER_WARMUP_NANOS);
					rounds.add(new Round(withClient((client) -> saturation("direct", client, direct, warmup)),
							withClient((client) -> saturation("lattice-local", client, proxied, warmup)),
							withClient((client) -> saturation("bare TCP relay", client, viaRelay, warmup))));
				}
			}
			report(fixedDirect, fixedHop, rounds, out);
		}
		finally {
			local.close();
			target.stop(0);
			// The access log alone grows by tens of megabytes a run.
			deleteRecursively(work);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * Runs a phase with a client of its own, closed afterwards: connections that one
	 * phase leaves idle at the target (the fixed rate opens one per request in flight)
	 * would otherwise fill the JDK server's idle connection limit (200), beyond which it
	 * closes every connection that goes idle, the proxy's pooled ones included.
	 */
	private static Result withClient(Phase phase) throws InterruptedException {
		try (HttpClient http = httpClient()) {
			return phase.run(new SignedClient(http, "us-east-1", KEY, SECRET));
		}
	}

	private static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	private interface Phase {

		Result run(SignedClient client) throws InterruptedException;

	}

	private static void check(SignedClient client, URI uri) throws Exception {
		HttpResponse<String> response = client.send("GET", uri, null, null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	/** Open loop: requests start on schedule whether or not earlier ones finished. */
	Result fixedRate(String path, SignedClient client, URI uri) throws InterruptedException {
		long interval = 1_000_000_000L / this.rate;
		runFixedRate(client, uri, interval, this.warmupNanos, null);
		Recorder recorder = new Recorder(this.maxRequests);
		long started = System.nanoTime();
		long cpu = cpuNanos();
		runFixedRate(client, uri, interval, this.phaseNanos, recorder);
		return recorder.result("fixed " + this.rate + "/s", path, System.nanoTime() - started, cpuNanos() - cpu);
	}

	private void runFixedRate(SignedClient client, URI uri, long interval, long duration, Recorder recorder)
			throws InterruptedException {
		long start = System.nanoTime();
		int count = (int) Math.min(duration / interval, this.maxRequests);
		CountDownLatch done = new CountDownLatch(count);
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			Thread.ofVirtual().start(() -> {
				try {
					send(client, uri, due, recorder);
				}
				finally {
					done.countDown();
				}
			});
		}
		done.await();
	}

	/**
	 * Closed loop: {@code concurrency} callers, each sending as soon as it has an answer.
	 */
	Result saturation(String path, SignedClient client, URI uri, long warmupNanos) throws InterruptedException {
		runSaturation(client, uri, warmupNanos, null);
		Recorder recorder = new Recorder(this.maxRequests);
		long started = System.nanoTime();
		long cpu = cpuNanos();
		runSaturation(client, uri, this.phaseNanos, recorder);
		return recorder.result("saturation c=" + this.concurrency, path, System.nanoTime() - started, cpuNanos() - cpu);
	}

	private void runSaturation(SignedClient client, URI uri, long duration, Recorder recorder)
			throws InterruptedException {
		long deadline = System.nanoTime() + duration;
		AtomicInteger budget = new AtomicInteger(this.maxRequests);
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < this.concurrency; i++) {
			callers.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
					send(client, uri, System.nanoTime(), recorder);
				}
			}));
		}
		for (Thread caller : callers) {
			caller.join();
		}
	}

	/**
	 * CPU time of this whole process: on a shared machine the wall-clock figures move
	 * with the neighbours' load, CPU per request much less.
	 */
	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static void send(SignedClient client, URI uri, long due, Recorder recorder) {
		boolean ok;
		try {
			HttpResponse<byte[]> response = client.httpClient()
				.send(client.request("GET", uri, null, null), HttpResponse.BodyHandlers.ofByteArray());
			ok = response.statusCode() == 200;
		}
		catch (IOException ex) {
			ok = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ok = false;
		}
		if (recorder != null) {
			recorder.record(System.nanoTime() - due, ok);
		}
	}

	/**
	 * Prints and writes the fixed-rate phase, direct beside lattice-local, and each round
	 * at saturation: direct, lattice-local and a bare TCP relay, the floor that any proxy
	 * running on this machine starts from, so that what lattice-local itself costs can be
	 * told from what a second socket hop costs. The saturation target is read off the
	 * median of the rounds' ratios: each round's three phases run back to back, so that
	 * the machine's load drifting during a run moves all three rather than one.
	 */
	private static void report(Result fixedDirect, Result fixedHop, List<Round> rounds, Path out) throws IOException {
		System.out.printf("%-19s %-14s %10s %9s %9s %9s %11s %8s %10s%n", "phase", "path", "req/s", "p50 ms", "p99 ms",
				"errors", "cpu us/req", "ratio", "p99 added");
		JsonMapper json = JsonMapper.shared();
		ObjectNode root = json.createObjectNode();
		root.put("benchmark", "lattice-hop");
		root.put("when", Instant.now().toString());
		root.put("cpus", Runtime.getRuntime().availableProcessors());
		root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		ObjectNode fixed = root.putObject("fixedRate");
		double fixedAdded = fixedHop.p99Millis() - fixedDirect.p99Millis();
		printRow(fixedDirect.phase(), fixedDirect, "", "");
		printRow(fixedHop.phase(), fixedHop, String.format("%.2f", fixedHop.throughput() / fixedDirect.throughput()),
				String.format("%+.2f ms", fixedAdded));
		fixed.set("direct", json.valueToTree(fixedDirect));
		fixed.set("latticeLocal", json.valueToTree(fixedHop));
		fixed.put("p99AddedMillis", round(fixedAdded));
		var saturation = root.putArray("saturationRounds");
		List<Double> hopRatios = new ArrayList<>();
		List<Double> relayRatios = new ArrayList<>();
		for (int i = 0; i < rounds.size(); i++) {
			Round round = rounds.get(i);
			String phase = round.direct().phase() + " #" + (i + 1);
			double hopRatio = round.hop().throughput() / round.direct().throughput();
			double relayRatio = round.relay().throughput() / round.direct().throughput();
			hopRatios.add(hopRatio);
			relayRatios.add(relayRatio);
			printRow(phase, round.direct(), "", "");
			printRow(phase, round.hop(), String.format("%.2f", hopRatio),
					String.format("%+.2f ms", round.hop().p99Millis() - round.direct().p99Millis()));
			printRow(phase, round.relay(), String.format("%.2f", relayRatio),
					String.format("%+.2f ms", round.relay().p99Millis() - round.direct().p99Millis()));
			ObjectNode node = saturation.addObject();
			node.set("direct", json.valueToTree(round.direct()));
			node.set("latticeLocal", json.valueToTree(round.hop()));
			node.set("bareTcpRelay", json.valueToTree(round.relay()));
			node.put("throughputRatio", round(hopRatio));
			node.put("bareTcpRelayThroughputRatio", round(relayRatio));
			node.put("cpuMicrosAddedPerRequest",
					round(round.hop().cpuMicrosPerRequest() - round.direct().cpuMicrosPerRequest()));
		}
		double saturationRatio = median(hopRatios);
		double relayRatio = median(relayRatios);
		root.put("throughputRatioMedian", round(saturationRatio));
		root.put("bareTcpRelayThroughputRatioMedian", round(relayRatio));
		root.put("targetThroughputRatio", 0.7);
		root.put("targetP99AddedMillisAtFixedRate", 2.0);
		root.put("throughputTargetMet", saturationRatio >= 0.7);
		root.put("latencyTargetMet", fixedAdded <= 2.0);
		System.out.printf(
				"saturation over %d rounds: lattice-local %.2fx direct (%.2f to %.2f), bare TCP relay %.2fx "
						+ "(%.2f to %.2f)%n",
				rounds.size(), saturationRatio, Collections.min(hopRatios), Collections.max(hopRatios), relayRatio,
				Collections.min(relayRatios), Collections.max(relayRatios));
		System.out.printf(
				"targets: saturation ratio >= 0.70 -> %s (%.2f, median); p99 added at fixed rate <= 2 ms -> %s "
						+ "(%+.2f ms)%n",
				saturationRatio >= 0.7 ? "met" : "MISSED", saturationRatio, fixedAdded <= 2.0 ? "met" : "MISSED",
				fixedAdded);
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
		System.out.println("wrote " + out);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static void printRow(String phase, Result result, String ratio, String p99Added) {
		System.out.printf("%-19s %-14s %10.0f %9.2f %9.2f %9d %11.0f %8s %10s%n", phase, result.path(),
				result.throughput(), result.p50Millis(), result.p99Millis(), result.errors(),
				result.cpuMicrosPerRequest(), ratio, p99Added);
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/**
	 * One round at saturation: the same load direct, through lattice-local and relayed.
	 */
	record Round(Result direct, Result hop, Result relay) {
	}

	/** One phase's figures; latencies in milliseconds. */
	record Result(String phase, String path, long requests, long errors, double seconds, double throughput,
			double p50Millis, double p90Millis, double p99Millis, double maxMillis, double cpuMicrosPerRequest) {
	}

	private static final class Recorder {

		private final long[] latencies;

		private final AtomicInteger count = new AtomicInteger();

		private final AtomicLong errors = new AtomicLong();

		Recorder(int capacity) {
			this.latencies = new long[capacity];
		}

		void record(long nanos, boolean ok) {
			if (!ok) {
				this.errors.incrementAndGet();
			}
			int index = this.count.getAndIncrement();
			if (index < this.latencies.length) {
				this.latencies[index] = nanos;
			}
		}

		Result result(String phase, String path, long elapsedNanos, long cpuNanos) {
			int n = Math.min(this.count.get(), this.latencies.length);
			long[] sorted = Arrays.copyOf(this.latencies, n);
			Arrays.sort(sorted);
			double seconds = elapsedNanos / 1e9;
			return new Result(phase, path, n, this.errors.get(), round(seconds), round(n / seconds),
					percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
					n == 0 ? 0 : round(sorted[n - 1] / 1e6), n == 0 ? 0 : round(cpuNanos / 1e3 / n));
		}

		private static double percentile(long[] sorted, double fraction) {
			if (sorted.length == 0) {
				return 0;
			}
			int index = (int) Math.ceil(fraction * sorted.length) - 1;
			return round(sorted[Math.max(index, 0)] / 1e6);
		}

	}

	/**
	 * One IAM-auth service in one service network, as CDK would synthesize it: the
	 * caller's role may GET /bench/* from its VPC; the network admits the account.
	 */
	private static final String TEMPLATE = """
			{"Resources": {
			  "CallerVpc1": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"},
			    "Metadata": {"aws:cdk:path": "Bench/Caller/Vpc/Resource"}},
			  "CallerRole1": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}},
			    "Metadata": {"aws:cdk:path": "Bench/Caller/Role/Resource"}},
			  "Network1": {"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {"Name": "bench", "AuthType": "AWS_IAM"},
			    "Metadata": {"aws:cdk:path": "Bench/Network"}},
			  "NetworkPolicy1": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
			    "ResourceIdentifier": {"Ref": "Network1"},
			    "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
			      "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"}},
			      "StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous"}}}]}}},
			  "VpcAssociation1": {"Type": "AWS::VpcLattice::ServiceNetworkVpcAssociation", "Properties": {
			    "ServiceNetworkIdentifier": {"Ref": "Network1"}, "VpcIdentifier": {"Ref": "CallerVpc1"}}},
			  "Service1": {"Type": "AWS::VpcLattice::Service", "Properties": {"Name": "bench", "AuthType": "AWS_IAM"},
			    "Metadata": {"aws:cdk:path": "Bench/Service"}},
			  "ServiceAssociation1": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {
			    "ServiceIdentifier": {"Ref": "Service1"}, "ServiceNetworkIdentifier": {"Ref": "Network1"}}},
			  "ServicePolicy1": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
			    "ResourceIdentifier": {"Ref": "Service1"},
			    "Policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["CallerRole1", "Arn"]}},
			      "Action": "vpc-lattice-svcs:Invoke", "Resource": {"Fn::Sub": "${Service1.Arn}/bench/*"},
			      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET",
			        "vpc-lattice-svcs:SourceVpc": {"Ref": "CallerVpc1"}}}}]}}},
			  "Targets1": {"Type": "AWS::VpcLattice::TargetGroup", "Properties": {"Type": "INSTANCE",
			    "Config": {"Port": 8080, "Protocol": "HTTP", "VpcIdentifier": {"Ref": "CallerVpc1"}}},
			    "Metadata": {"aws:cdk:path": "Bench/Targets"}},
			  "Listener1": {"Type": "AWS::VpcLattice::Listener", "Properties": {
			    "ServiceIdentifier": {"Ref": "Service1"}, "Protocol": "HTTPS", "Port": 443,
			    "DefaultAction": {"Forward": {"TargetGroups": [{"TargetGroupIdentifier": {"Ref": "Targets1"}}]}}}}
			}}
			""";

}
