import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JVM start to readiness UP: launches each Spring Boot jar in a fresh JVM, polls
 * /actuator/health/readiness every 5 ms and records the time from launch to the first
 * 200. Runs interleave the apps so that machine noise falls on all of them alike.
 *
 * java bench/tools/Readiness.java <runs> <out.json> <name>=<jar>[@cds][@aot][,<jvm-arg>]... ...
 *     [--compare=<name>:<baseline name>]...
 *
 * With @cds the jar is first extracted and given a CDS archive by Spring Boot's training
 * run (-Dspring.context.exit=onRefresh), then launched with that archive. With @aot it runs
 * on the initializers that Spring AOT generated at build time (-Dspring.aot.enabled=true),
 * in the training run too. The JVM arguments after the jar go to every launch of it.
 *
 * Each app is compared with the first app started the same way; --compare adds a
 * comparison with another.
 */
public class Readiness {

	record App(String name, List<String> command, Path workDir, String startedAs) {
	}

	public static void main(String[] args) throws Exception {
		int runs = Integer.parseInt(args[0]);
		Path out = Path.of(args[1]);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<App> apps = new ArrayList<>();
		List<String[]> comparisons = new ArrayList<>();
		for (String spec : Arrays.copyOfRange(args, 2, args.length)) {
			if (spec.startsWith("--compare=")) {
				comparisons.add(spec.substring("--compare=".length()).split(":", 2));
				continue;
			}
			String name = spec.substring(0, spec.indexOf('='));
			List<String> parts = List.of(spec.substring(spec.indexOf('=') + 1).split(","));
			List<String> jvmArgs = new ArrayList<>(parts.subList(1, parts.size()));
			List<String> jarAndFlags = List.of(parts.get(0).split("@"));
			Path jar = Path.of(jarAndFlags.get(0)).toAbsolutePath();
			List<String> flags = jarAndFlags.subList(1, jarAndFlags.size());
			if (flags.contains("aot")) {
				jvmArgs.add("-Dspring.aot.enabled=true");
			}
			Path work = Files.createTempDirectory("readiness-" + name);
			String startedAs = String.join("+", flags);
			apps.add(flags.contains("cds") ? withCds(java, name, jar, jvmArgs, work, startedAs)
					: new App(name, launch(java, jvmArgs, jar), work, startedAs));
		}
		Map<String, List<Long>> times = new LinkedHashMap<>();
		apps.forEach((app) -> times.put(app.name(), new ArrayList<>()));
		for (String[] pair : comparisons) {
			if (pair.length != 2 || !times.containsKey(pair[0]) || !times.containsKey(pair[1])) {
				throw new IllegalArgumentException("--compare needs <name>:<name> of two apps above, not "
						+ String.join(":", pair) + " (apps: " + times.keySet() + ")");
			}
		}
		measure(apps.get(0)); // warms the disk cache; not counted
		for (int run = 0; run < runs; run++) {
			for (App app : apps) {
				times.get(app.name()).add(measure(app));
			}
		}
		String baseline = apps.get(0).name();
		// Each row against the first row started the same way (plain, with CDS, with CDS and
		// AOT), so that a service with its archive is never compared with an empty app
		// without one.
		Map<String, String> baselines = new LinkedHashMap<>();
		apps.forEach((app) -> baselines.putIfAbsent(app.startedAs(), app.name()));
		Map<String, String> baselineOf = new LinkedHashMap<>();
		apps.forEach((app) -> baselineOf.put(app.name(), baselines.get(app.startedAs())));
		StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"readiness\", \"unit\": \"ms\", \"runs\": " + runs
				+ ", \"baseline\": \"" + baseline + "\",\n  \"results\": [\n");
		System.out.printf("%-26s %8s %8s %8s %7s  %s%n", "JVM start -> readiness UP", "median", "min", "max", "ratio",
				"(vs)");
		int i = 0;
		for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
			List<Long> t = entry.getValue();
			String vs = baselineOf.get(entry.getKey());
			double median = median(t);
			double ratio = median / median(times.get(vs));
			long min = t.stream().mapToLong(Long::longValue).min().orElseThrow();
			long max = t.stream().mapToLong(Long::longValue).max().orElseThrow();
			System.out.printf(Locale.ROOT, "%-26s %8.0f %8d %8d %7.2f  (%s)%n", entry.getKey(), median, min, max, ratio,
					vs);
			json.append(String.format(Locale.ROOT,
					"    {\"name\": \"%s\", \"median\": %.1f, \"min\": %d, \"max\": %d, \"ratio\": %.3f, \"ratioTo\": \"%s\", \"all\": %s}%s%n",
					entry.getKey(), median, min, max, ratio, vs, t, (++i < times.size()) ? "," : ""));
		}
		json.append("  ],\n  \"comparisons\": [\n");
		i = 0;
		for (String[] pair : comparisons) {
			double ratio = median(times.get(pair[0])) / median(times.get(pair[1]));
			System.out.printf(Locale.ROOT, "%-26s %35.2f  (%s)%n", pair[0], ratio, pair[1]);
			json.append(String.format(Locale.ROOT, "    {\"name\": \"%s\", \"ratio\": %.3f, \"ratioTo\": \"%s\"}%s%n",
					pair[0], ratio, pair[1], (++i < comparisons.size()) ? "," : ""));
		}
		json.append("  ]\n}\n");
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, json);
		// Each work directory holds an extracted jar and a CDS archive of up to 60 MB. They
		// stay when a run fails, for the logs its message points to.
		for (App app : apps) {
			deleteRecursively(app.workDir());
		}
	}

	static void deleteRecursively(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** Spring Boot's recipe: extract, run once to the end of refresh writing the archive, reuse it. */
	static App withCds(String java, String name, Path jar, List<String> jvmArgs, Path work, String startedAs)
			throws Exception {
		Path extracted = work.resolve("extracted");
		run(work, List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				extracted.toString()));
		Path appJar = extracted.resolve(jar.getFileName());
		Path archive = extracted.resolve("application.jsa");
		List<String> training = new ArrayList<>(List.of("-XX:ArchiveClassesAtExit=" + archive,
				"-Dspring.context.exit=onRefresh", "-Dserver.port=0"));
		training.addAll(jvmArgs);
		run(work, launch(java, training, appJar));
		List<String> withArchive = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
		withArchive.addAll(jvmArgs);
		return new App(name, launch(java, withArchive, appJar), work, startedAs);
	}

	static List<String> launch(String java, List<String> jvmArgs, Path jar) {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar.toString()));
		return command;
	}

	static void run(Path dir, List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(new File(dir.toFile(), "prepare.log"))
			.start();
		if (!process.waitFor(180, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("timed out: " + command + " (see " + dir.resolve("prepare.log") + ")");
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("failed: " + command + " (see " + dir.resolve("prepare.log") + ")");
		}
	}

	static long measure(App app) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(app.command());
		command.add(command.size() - 2, "-Dserver.port=" + port);
		// The actuator on the same port, where the web server otherwise keeps it on a
		// loopback port of its own; the readiness probe is the same either way.
		command.add(command.size() - 2, "-Dmanagement.server.port=" + port);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
		HttpRequest ready = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(app.workDir().toFile())
			.redirectErrorStream(true)
			.redirectOutput(new File(app.workDir().toFile(), "run.log"))
			.start();
		try {
			while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
				try {
					if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
						return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				if (!process.isAlive()) {
					throw new IllegalStateException(app.name() + " exited; see " + app.workDir().resolve("run.log"));
				}
				Thread.sleep(5);
			}
			throw new IllegalStateException(app.name() + " not ready in 120 s");
		}
		finally {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	static double median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
	}

}
