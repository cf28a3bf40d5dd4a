package io.latticeshop.bench.hop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the local Lattice hop costs, beside what nginx costs for the same hop. Every party
 * is a process of its own on loopback: the target (nginx answering a fixed JSON body),
 * nginx as a plain reverse proxy to it (keep-alive upstream, one worker per core),
 * lattice-local ({@code java -jar}, SigV4 verification, network and service policy,
 * access log), the same lattice-local serving a service of auth type NONE (no SigV4, no
 * policy), a bare TCP relay, the floor under any proxy, and {@link NettyHttpProxy},
 * lattice-local's HTTP engine with nothing of Lattice's on it. Load comes from wrk and
 * h2load at saturation and from a fixed-rate client for latency. Run by
 * {@code bench/lattice-hop.sh}; writes {@code bench/results/lattice-hop.json}.
 */
public final class LatticeHopBench {

	static final String BODY = "{\"id\":\"C-1001\",\"name\":\"Ada Lovelace\",\"tier\":\"GOLD\"}";

	private static final double TARGET_NGINX_RATIO = 0.8;

	private static final double TARGET_P99_ADDED_MILLIS = 1.0;

	private static final long TARGET_RSS_MB = 512;

	/** lattice-local serving a service of auth type NONE: no SigV4, no policies. */
	private static final String NO_AUTH = "lattice-local, auth NONE";

	private final Map<String, String> options;

	private final Path work;

	private final List<Process> processes = new ArrayList<>();

	LatticeHopBench(Map<String, String> options, Path work) {
		this.options = options;
		this.work = work;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("rate", "500", "connections", "16", "seconds", "15",
				"warmup", "5", "rounds", "3", "idle", "2000", "jar", "lattice-local/target/lattice-local.jar", "out",
				"bench/results/lattice-hop.json"));
		options.put("java-options", "");
		options.put("transport", "");
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Path work = Files.createTempDirectory("lattice-hop-");
		LatticeHopBench bench = new LatticeHopBench(options, work);
		Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
		try {
			bench.run();
		}
		finally {
			bench.stopAll();
			deleteRecursively(work);
		}
		System.exit(0);
	}

	private int option(String name) {
		return Integer.parseInt(this.options.get(name));
	}

	void run() throws Exception {
		int targetPort = freePort();
		int nginxPort = freePort();
		int nginxH2Port = freePort();
		int localPort = freePort();
		start("target", nginx("target", 1, """
				server {
				  listen 127.0.0.1:%d;
				  keepalive_requests 1000000;
				  location / { default_type application/json; return 200 '%s'; }
				}
				""".formatted(targetPort, BODY)), null);
		Process nginxProcess = start("nginx", nginx("proxy", Runtime.getRuntime().availableProcessors(), """
				upstream target { server 127.0.0.1:%d; keepalive 64; }
				server {
				  listen 127.0.0.1:%d;
				  listen 127.0.0.1:%d http2;
				  keepalive_requests 1000000;
				  location / {
				    proxy_pass http://target;
				    proxy_http_version 1.1;
				    proxy_set_header Connection "";
				  }
				}
				""".formatted(targetPort, nginxPort, nginxH2Port)), null);
		Process local = startLatticeLocal("lattice-local", BenchTemplate.JSON, targetPort, localPort);
		int noAuthPort = freePort();
		Process noAuth = startLatticeLocal("lattice-local-no-auth", BenchTemplate.withoutAuth(), targetPort,
				noAuthPort);
		String classpath = System.getProperty("java.class.path");
		Process relayProcess = startAnnouncing("relay",
				List.of(java(), "-cp", classpath, TcpRelay.class.getName(), Integer.toString(targetPort)));
		int relayPort = Integer.parseInt(firstLine(relayProcess).trim());
		Process nettyProcess = startAnnouncing("netty",
				List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classpath, NettyHttpProxy.class.getName(),
						Integer.toString(targetPort), this.options.get("transport")));
		// "<port> <transport>"
		String[] netty = firstLine(nettyProcess).trim().split(" ");

		String path = "/bench/items/1";
		Map<String, URI> paths = new LinkedHashMap<>();
		paths.put("direct", URI.create("http://127.0.0.1:" + targetPort + path));
		paths.put("lattice-local", URI.create("http://127.0.0.1:" + localPort + path));
		paths.put("nginx", URI.create("http://127.0.0.1:" + nginxPort + path));
		paths.put("bare TCP relay", URI.create("http://127.0.0.1:" + relayPort + path));
		paths.put("Netty HTTP proxy", URI.create("http://127.0.0.1:" + netty[0] + path));
		paths.put(NO_AUTH, URI.create("http://127.0.0.1:" + noAuthPort + path));
		Map<String, Process> proxies = Map.of("lattice-local", local, NO_AUTH, noAuth, "nginx", nginxProcess,
				"Netty HTTP proxy", nettyProcess);

		ObjectNode root = JsonMapper.shared().createObjectNode();
		root.put("benchmark", "lattice-hop");
		root.put("when", Instant.now().toString());
		root.put("cpus", Runtime.getRuntime().availableProcessors());
		root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		root.put("command", "bench/lattice-hop.sh");
		root.put("latticeLocalJavaOptions", this.options.get("java-options"));
		// As lattice-local names it on start-up: "N service endpoints open (io_uring)".
		Matcher transport = Pattern.compile("service endpoints open \\((\\w+)\\)")
			.matcher(Files.readString(this.work.resolve("lattice-local").resolve("lattice-local.log")));
		root.put("latticeLocalTransport", transport.find() ? transport.group(1) : "unknown");
		root.put("nettyProxyTransport", netty[1]);
		// What the serving JVM was started with: given no options, the jar starts
		// its data plane in a JVM of its own with the options it wants.
		List<ProcessHandle> jvms = jvms(local);
		root.put("latticeLocalDataPlane",
				String.join(" ", jvms.get(jvms.size() - 1).info().arguments().orElse(new String[0])));

		// Fixed rate: p99 added over direct, in rounds of every path back to back (the
		// client's own JVM is part of every figure); the median of the rounds counts.
		// Each path is first warmed at saturation, so that lattice-local's JIT has
		// compiled its hot code before any round, then at the rate, which warms the
		// client.
		FixedRate fixed = new FixedRate();
		LoadTools load = new LoadTools();
		int rate = option("rate");
		Duration phase = Duration.ofSeconds(option("seconds"));
		Duration warmup = Duration.ofSeconds(option("warmup"));
		List<String> fixedPaths = List.of("direct", "lattice-local", "nginx");
		for (String name : fixedPaths) {
			load.wrk(name, paths.get(name), true, option("connections"), option("warmup"));
			fixed.run(name, paths.get(name), rate, warmup);
		}
		ObjectNode fixedNode = root.putObject("fixedRate");
		fixedNode.put("rate", rate);
		ArrayNode fixedRounds = fixedNode.putArray("rounds");
		List<Double> addedByLattice = new ArrayList<>();
		List<Double> addedByNginx = new ArrayList<>();
		for (int round = 1; round <= option("rounds"); round++) {
			Map<String, FixedRate.Result> results = new LinkedHashMap<>();
			for (String name : fixedPaths) {
				results.put(name, fixed.run(name, paths.get(name), rate, phase));
			}
			double direct = results.get("direct").p99Millis();
			addedByLattice.add(results.get("lattice-local").p99Millis() - direct);
			addedByNginx.add(results.get("nginx").p99Millis() - direct);
			ObjectNode node = fixedRounds.addObject();
			results.forEach((name, result) -> node.set(name, JsonMapper.shared().valueToTree(result)));
			System.out.printf("fixed %d/s round %d: p99 direct %.2f ms, lattice-local %.2f ms, nginx %.2f ms%n", rate,
					round, direct, results.get("lattice-local").p99Millis(), results.get("nginx").p99Millis());
			for (FixedRate.Result result : results.values()) {
				requireNoErrors(result.path(), result.errors(), "fixed-rate round " + round);
			}
		}
		double p99Added = median(addedByLattice);
		double nginxP99Added = median(addedByNginx);
		fixedNode.put("p99AddedMillisMedian", round(p99Added));
		fixedNode.put("nginxP99AddedMillisMedian", round(nginxP99Added));

		// Saturation: rounds of every path back to back, so drift moves all of them.
		int connections = option("connections");
		ArrayNode rounds = root.putArray("saturationRounds");
		List<Double> nginxRatios = new ArrayList<>();
		List<Double> directRatios = new ArrayList<>();
		List<Double> nettyRatios = new ArrayList<>();
		Map<String, List<Double>> cpuPerRequest = new LinkedHashMap<>();
		for (int round = 1; round <= option("rounds"); round++) {
			ObjectNode node = rounds.addObject();
			Map<String, LoadTools.Saturation> results = new LinkedHashMap<>();
			for (Map.Entry<String, URI> entry : paths.entrySet()) {
				// Unsigned where Lattice checks no signature, as callers of such a
				// service send.
				boolean signed = !entry.getKey().equals(NO_AUTH);
				load.wrk(entry.getKey(), entry.getValue(), signed, connections, option("warmup"));
				Process proxy = proxies.get(entry.getKey());
				long cpuBefore = (proxy != null) ? cpuMillis(proxy) : 0;
				LoadTools.Saturation result = load.wrk(entry.getKey(), entry.getValue(), signed, connections,
						option("seconds"));
				results.put(entry.getKey(), result);
				ObjectNode resultNode = JsonMapper.shared().valueToTree(result);
				if (proxy != null) {
					// The proxy's own CPU (every process of it), per request it relayed.
					double micros = round(
							(cpuMillis(proxy) - cpuBefore) * 1000.0 / (result.throughput() * option("seconds")));
					resultNode.put("cpuMicrosPerRequest", micros);
					cpuPerRequest.computeIfAbsent(entry.getKey(), (name) -> new ArrayList<>()).add(micros);
				}
				node.set(entry.getKey(), resultNode);
			}
			double toNginx = results.get("lattice-local").throughput() / results.get("nginx").throughput();
			double toDirect = results.get("lattice-local").throughput() / results.get("direct").throughput();
			nginxRatios.add(toNginx);
			directRatios.add(toDirect);
			node.put("latticeLocalToNginx", round(toNginx));
			node.put("latticeLocalToDirect", round(toDirect));
			node.put("nginxToDirect", round(results.get("nginx").throughput() / results.get("direct").throughput()));
			node.put("relayToDirect",
					round(results.get("bare TCP relay").throughput() / results.get("direct").throughput()));
			double nettyToNginx = results.get("Netty HTTP proxy").throughput() / results.get("nginx").throughput();
			nettyRatios.add(nettyToNginx);
			node.put("nettyProxyToNginx", round(nettyToNginx));
			print(round, results);
			// Refusals are fast: a round of 403s would read as a fast proxy.
			for (LoadTools.Saturation result : results.values()) {
				requireNoErrors(result.path(), result.errors(), "saturation round " + round);
			}
		}
		double nginxRatio = median(nginxRatios);
		root.put("latticeLocalToNginxMedian", round(nginxRatio));
		root.put("latticeLocalToDirectMedian", round(median(directRatios)));
		root.put("nettyProxyToNginxMedian", round(median(nettyRatios)));
		ObjectNode cpuNode = root.putObject("cpuMicrosPerRequestMedian");
		cpuPerRequest.forEach((name, values) -> cpuNode.put(name, round(median(values))));

		// HTTP/2 (h2c by prior knowledge) to lattice-local and to nginx.
		ObjectNode http2 = root.putObject("http2");
		URI nginxH2Uri = URI.create("http://127.0.0.1:" + nginxH2Port + path);
		load.h2load("lattice-local", paths.get("lattice-local"), connections, option("warmup"));
		load.h2load("nginx", nginxH2Uri, connections, option("warmup"));
		LoadTools.Saturation localH2 = load.h2load("lattice-local", paths.get("lattice-local"), connections,
				option("seconds"));
		LoadTools.Saturation nginxH2 = load.h2load("nginx", nginxH2Uri, connections, option("seconds"));
		http2.set("lattice-local", JsonMapper.shared().valueToTree(localH2));
		http2.set("nginx", JsonMapper.shared().valueToTree(nginxH2));
		http2.put("latticeLocalToNginx", round(localH2.throughput() / nginxH2.throughput()));

		// Memory while holding idle connections and serving signed requests.
		ObjectNode memory = root.putObject("idleConnections");
		int idle = option("idle");
		long rssBefore = rssMb(local);
		List<Socket> held = new ArrayList<>();
		long rssPeak;
		try {
			for (int i = 0; i < idle; i++) {
				held.add(new Socket("127.0.0.1", localPort));
			}
			CompletableFuture<FixedRate.Result> serving = CompletableFuture.supplyAsync(() -> {
				try {
					return fixed.run("lattice-local", paths.get("lattice-local"), rate, Duration.ofSeconds(10));
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			rssPeak = rssBefore;
			while (!serving.isDone()) {
				rssPeak = Math.max(rssPeak, rssMb(local));
				Thread.sleep(200);
			}
			long open = held.stream().filter((socket) -> !isClosedByPeer(socket)).count();
			FixedRate.Result served = serving.get();
			memory.put("connections", idle);
			memory.put("stillOpen", open);
			memory.put("rssBeforeMb", rssBefore);
			memory.put("rssPeakMb", rssPeak);
			memory.set("servedMeanwhile", JsonMapper.shared().valueToTree(served));
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}

		ObjectNode targets = root.putObject("targets");
		targets.put("latticeLocalToNginxAtLeast", TARGET_NGINX_RATIO);
		targets.put("latticeLocalToNginxMet", nginxRatio >= TARGET_NGINX_RATIO);
		targets.put("p99AddedMillisAtMost", TARGET_P99_ADDED_MILLIS);
		targets.put("p99AddedMet", p99Added <= TARGET_P99_ADDED_MILLIS);
		targets.put("rssMbAtMost", TARGET_RSS_MB);
		targets.put("rssMet", rssPeak <= TARGET_RSS_MB && memory.get("stillOpen").asLong() == idle);

		System.out.printf(
				"fixed %d/s, median of %d rounds: p99 added over direct: lattice-local %+.2f ms, " + "nginx %+.2f ms%n",
				rate, addedByLattice.size(), p99Added, nginxP99Added);
		System.out.printf(
				"saturation, c=%d, median of %d rounds: lattice-local %.2fx nginx, %.2fx direct; "
						+ "Netty HTTP proxy %.2fx nginx%n",
				connections, nginxRatios.size(), nginxRatio, median(directRatios), median(nettyRatios));
		System.out.printf("CPU per request, median of %d rounds: %s%n", nginxRatios.size(), cpuNode);
		System.out.printf("HTTP/2: lattice-local %.0f req/s, nginx %.0f req/s (%.2fx)%n", localH2.throughput(),
				nginxH2.throughput(), localH2.throughput() / nginxH2.throughput());
		System.out.printf("%d idle connections (%d still open): RSS %d MB before, %d MB at most while serving%n", idle,
				memory.get("stillOpen").asLong(), rssBefore, rssPeak);
		System.out.printf("targets: >= %.1fx nginx %s; p99 added <= %.0f ms %s; RSS <= %d MB %s%n", TARGET_NGINX_RATIO,
				met(targets, "latticeLocalToNginxMet"), TARGET_P99_ADDED_MILLIS, met(targets, "p99AddedMet"),
				TARGET_RSS_MB, met(targets, "rssMet"));
		Path out = Path.of(this.options.get("out"));
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out, JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
		System.out.println("wrote " + out);
	}

	private static String met(ObjectNode targets, String name) {
		return targets.get(name).asBoolean() ? "met" : "MISSED";
	}

	private static boolean isClosedByPeer(Socket socket) {
		try {
			socket.setSoTimeout(1);
			return socket.getInputStream().read() < 0;
		}
		catch (java.net.SocketTimeoutException open) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private void requireNoErrors(String path, long errors, String phase) {
		if (errors > 0) {
			throw new IllegalStateException(path + " answered " + errors + " requests with an error in the " + phase
					+ "; no figure is kept (lattice-local's access log under " + this.work + " says why)");
		}
	}

	private static void print(int round, Map<String, LoadTools.Saturation> results) {
		double direct = results.get("direct").throughput();
		for (LoadTools.Saturation result : results.values()) {
			System.out.printf("round %d %-24s %9.0f req/s %6.2fx direct  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
					round, result.path(), result.throughput(), result.throughput() / direct, result.p50Millis(),
					result.p99Millis(), result.errors());
		}
	}

	/**
	 * Starts lattice-local as users do, from a directory of its own under the bench's
	 * work directory: the template's file name, {@code Bench}, is the stack name the
	 * binding's paths begin with.
	 */
	private Process startLatticeLocal(String name, String template, int targetPort, int localPort) throws Exception {
		Path dir = Files.createDirectories(this.work.resolve(name));
		Files.writeString(dir.resolve("Bench.template.json"), template);
		Files.writeString(dir.resolve("bench.yaml"), """
				template: Bench.template.json
				accessLog: access.log
				services:
				  bench: { listen: 127.0.0.1:%d }
				targets:
				  Bench/Targets: { url: http://127.0.0.1:%d, timeout: 10s }
				workloads:
				  caller: { accessKeyId: %s, secretAccessKey: %s, role: Caller/Role, vpc: Caller/Vpc }
				""".formatted(localPort, targetPort, HopSigner.KEY, HopSigner.SECRET));
		Path jar = Path.of(this.options.get("jar")).toAbsolutePath();
		List<String> command = new ArrayList<>(List.of(java()));
		for (String option : this.options.get("java-options").trim().split("\\s+")) {
			if (!option.isEmpty()) {
				command.add(option);
			}
		}
		// The console on, as users run it, on a port of its own.
		command.addAll(List.of("-jar", jar.toString(), "--config", dir.resolve("bench.yaml").toString(), "--admin",
				"127.0.0.1:" + freePort()));
		if (!this.options.get("transport").isEmpty()) {
			command.addAll(List.of("--transport", this.options.get("transport")));
		}
		Path log = dir.resolve("lattice-local.log");
		Process process = start(name, command, log);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (Files.readString(log).contains("lattice-local is up")) {
				return process;
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("lattice-local did not start: " + Files.readString(log));
	}

	private List<String> nginx(String name, int workers, String server) throws IOException {
		Path prefix = Files.createDirectories(this.work.resolve("nginx-" + name));
		Files.createDirectories(prefix.resolve("logs"));
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, """
				worker_processes %d;
				pid %s/nginx.pid;
				error_log %s/error.log warn;
				events { worker_connections 8192; }
				http {
				  access_log off;
				  client_body_temp_path %s/body;
				  proxy_temp_path %s/proxy;
				  %s
				}
				""".formatted(workers, prefix, prefix, prefix, prefix, server));
		return List.of("nginx", "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;");
	}

	private Process start(String name, List<String> command, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(((log != null) ? log : this.work.resolve(name + ".log")).toFile());
		Process process = builder.start();
		this.processes.add(process);
		return process;
	}

	/** A process that announces where it listens on its first line of output. */
	private Process startAnnouncing(String name, List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectError(this.work.resolve(name + ".log").toFile()).start();
		this.processes.add(process);
		return process;
	}

	private String firstLine(Process process) throws IOException {
		String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
			.readLine();
		if (line == null) {
			throw new IllegalStateException(
					process.info().command().orElse("a process") + " did not start; see the logs in " + this.work);
		}
		return line;
	}

	void stopAll() {
		for (Process process : this.processes) {
			process.descendants().forEach(ProcessHandle::destroy);
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	// lattice-local's CPU and memory are its JVM's and, when the jar starts the data
	// plane in a JVM of its own, that JVM's too.
	private static List<ProcessHandle> jvms(Process process) {
		return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
	}

	/** User plus system CPU time of lattice-local's JVMs, from /proc. */
	private static long cpuMillis(Process process) throws IOException {
		long millis = 0;
		for (ProcessHandle jvm : jvms(process)) {
			String stat = Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			millis += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
		}
		return millis;
	}

	private static long rssMb(Process process) throws IOException {
		long kb = 0;
		for (ProcessHandle jvm : jvms(process)) {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					kb += Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		return kb / 1024;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
