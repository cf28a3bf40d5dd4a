package io.latticeshop.local.lambda;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.launch.Processes;
import io.latticeshop.local.proxy.ForwardedRequest;
import io.latticeshop.local.proxy.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A LAMBDA target: the function's zip runs in its own JVM under the open source runtime
 * interface client, fed through a local {@link RuntimeApi}. The JVM starts with
 * lattice-local, so the first request pays no cold start unless it comes very early.
 */
public final class LambdaTarget implements Target, AutoCloseable {

	/**
	 * What the function runs with: the template's settings merged with the binding
	 * file's.
	 */
	public record Function(String name, String arn, Path zip, String handler, Map<String, String> environment,
			int memoryMb, Duration timeout) {
	}

	private final String name;

	private final Function function;

	private final Duration timeout;

	private final RuntimeApi runtimeApi;

	private final Process process;

	private final long launchedAt = System.nanoTime();

	private volatile long initMillis = -1;

	// The interface client handles one invocation at a time, as one Lambda sandbox does.
	private final ReentrantLock oneAtATime = new ReentrantLock(true);

	/**
	 * Starts the function's JVM; {@code name} is how messages and the function's output
	 * lines name it.
	 */
	public LambdaTarget(String name, Function function, String region) throws IOException {
		this.name = name;
		this.function = function;
		this.timeout = function.timeout();
		if (!Files.isRegularFile(function.zip())) {
			throw new StartupException("targets." + name + ".lambda.zip: " + function.zip()
					+ " does not exist (build the function first)");
		}
		Path runtime = runtimeDirectory();
		Path taskRoot = unzip(function.zip(), function.name());
		String functionName = function.name();
		this.runtimeApi = new RuntimeApi(function.arn());
		String classpath = String.join(File.pathSeparator, taskRoot.toString(),
				taskRoot.resolve("lib").toString() + File.separator + "*", runtime.toString() + File.separator + "*");
		ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-XX:+TieredCompilation",
				"-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx" + function.memoryMb() + "m", "-cp", classpath,
				"com.amazonaws.services.lambda.runtime.api.client.AWSLambda", function.handler());
		Map<String, String> env = builder.environment();
		env.put("AWS_LAMBDA_RUNTIME_API", this.runtimeApi.address());
		env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
		env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
		env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
		env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
		env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + UUID.randomUUID());
		env.put("AWS_REGION", region);
		env.put("AWS_DEFAULT_REGION", region);
		env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
		env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
		env.put("_HANDLER", function.handler());
		env.put("TZ", ":UTC");
		env.putAll(function.environment());
		builder.redirectErrorStream(true);
		this.process = builder.start();
		Thread.ofVirtual().name("lambda-" + name + "-output").start(this::pumpOutput);
		this.process.onExit()
			.thenRun(() -> this.runtimeApi.failAll("Runtime.ExitError",
					"the function's process exited with status " + this.process.exitValue()));
		this.runtimeApi.initialized()
			.thenRun(() -> this.initMillis = (System.nanoTime() - this.launchedAt) / 1_000_000);
	}

	/**
	 * Waits until the function asks for its first event, so that an init failure (a
	 * missing handler class, a crash in a static initializer) stops start-up instead of
	 * turning into 502s later.
	 */
	public void awaitInit(Duration limit) {
		try {
			this.runtimeApi.initialized().get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new StartupException("targets." + this.name + ": the function did not ask for work within "
					+ limit.toSeconds() + "s of starting");
		}
		catch (ExecutionException ex) {
			throw new StartupException("targets." + this.name + ": the function failed to start: "
					+ ex.getCause().getMessage() + " (its output is above)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StartupException("targets." + this.name + ": interrupted while the function started");
		}
	}

	@Override
	public Outcome forward(ForwardedRequest request) throws IOException, TargetException {
		String ipPort = "lambda:" + this.name;
		byte[] body = request.body().readAllBytes();
		Map<String, List<String>> query = query(request.rawQuery());
		String version = request.latticeContext().getOrDefault("eventStructureVersion", "V1");
		byte[] event = JsonMapper.shared()
			.writeValueAsBytes(LatticeEvents.event(version, request.method(), request.rawPath(), request.rawQuery(),
					request.headers(), query, body, request.latticeContext()));
		long sent = System.nanoTime();
		RuntimeApi.Result result = invoke(event, ipPort);
		long answered = System.nanoTime();
		if (result.failed()) {
			throw new TargetException(502, "Bad Gateway: Lambda function " + this.name + " failed ("
					+ result.errorType() + "): " + new String(result.payload(), StandardCharsets.UTF_8), ipPort);
		}
		JsonNode response;
		try {
			response = JsonMapper.shared().readTree(result.payload());
		}
		catch (RuntimeException ex) {
			throw new TargetException(502,
					"Bad Gateway: Lambda function " + this.name + " returned a response that is not JSON", ipPort);
		}
		if (response == null || !response.path("statusCode").canConvertToInt()) {
			throw new TargetException(502,
					"Bad Gateway: Lambda function " + this.name
							+ " returned no statusCode (expected {statusCode, headers, body, isBase64Encoded})",
					ipPort);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.path("headers").properties().forEach((header) -> {
			List<String> values = new ArrayList<>();
			if (header.getValue().isArray()) {
				header.getValue().forEach((value) -> values.add(value.asString()));
			}
			else {
				values.add(header.getValue().asString());
			}
			if (!header.getKey().equalsIgnoreCase("content-length")
					&& !header.getKey().equalsIgnoreCase("transfer-encoding")) {
				headers.put(header.getKey(), values);
			}
		});
		JsonNode bodyNode = response.path("body");
		byte[] payload = bodyNode.isMissingNode() || bodyNode.isNull() ? new byte[0]
				: response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(bodyNode.asString())
						: bodyNode.asString().getBytes(StandardCharsets.UTF_8);
		int status = response.path("statusCode").asInt();
		try (OutputStream out = request.respond(status, headers, payload.length)) {
			if (payload.length > 0) {
				out.write(payload);
			}
		}
		return new Outcome(status, payload.length, ipPort, (answered - sent) / 1_000_000,
				(System.nanoTime() - answered) / 1_000_000);
	}

	private RuntimeApi.Result invoke(byte[] event, String ipPort) throws TargetException {
		if (!this.process.isAlive()) {
			throw new TargetException(503, "Service Unavailable: Lambda function " + this.name
					+ " is not running (its process exited; see its output above)", ipPort);
		}
		long deadline = System.currentTimeMillis() + this.timeout.toMillis();
		String requestId = UUID.randomUUID().toString();
		CompletableFuture<RuntimeApi.Result> future = new CompletableFuture<>();
		long queued = System.nanoTime();
		try {
			if (!this.oneAtATime.tryLock(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new TargetException(504, "Gateway Timeout: Lambda function " + this.name + " stayed busy for "
						+ this.timeout.toSeconds() + "s", ipPort);
			}
			try {
				long started = System.nanoTime();
				this.runtimeApi.submit(new RuntimeApi.Invocation(requestId, event, deadline, future));
				long remaining = this.timeout.toNanos() - (started - queued);
				RuntimeApi.Result result = future.get(Math.max(remaining, 1), TimeUnit.NANOSECONDS);
				report(requestId, (System.nanoTime() - started) / 1_000_000);
				return result;
			}
			finally {
				this.oneAtATime.unlock();
			}
		}
		catch (TimeoutException ex) {
			future.complete(
					new RuntimeApi.Result(RuntimeApi.errorJson("Sandbox.Timedout", "timed out"), "Sandbox.Timedout"));
			throw new TargetException(504, "Gateway Timeout: Lambda function " + this.name + " did not answer within "
					+ this.timeout.toSeconds() + "s", ipPort);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TargetException(503, "Service Unavailable: interrupted", ipPort);
		}
		catch (ExecutionException ex) {
			throw new TargetException(502, "Bad Gateway: " + ex.getCause().getMessage(), ipPort);
		}
	}

	private void report(String requestId, long durationMillis) {
		StringBuilder line = new StringBuilder().append("[lambda ")
			.append(this.name)
			.append("] REPORT RequestId: ")
			.append(requestId)
			.append("\tDuration: ")
			.append(durationMillis)
			.append(" ms\tBilled Duration: ")
			.append(Math.max(1, durationMillis))
			.append(" ms\tMemory Size: ")
			.append(this.function.memoryMb())
			.append(" MB");
		// Like Lambda, the init duration is reported once, with the first invocation.
		long init = this.initMillis;
		if (init >= 0) {
			line.append("\tInit Duration: ").append(init).append(" ms");
			this.initMillis = -2;
		}
		System.err.println(line);
	}

	private void pumpOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				System.err.println("[lambda " + this.name + "] " + line);
			}
		}
		catch (IOException ex) {
			// The process is gone; its exit is reported by onExit.
		}
	}

	private static Map<String, List<String>> query(String rawQuery) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return query;
		}
		for (String pair : rawQuery.split("&")) {
			if (!pair.isEmpty()) {
				int equals = pair.indexOf('=');
				String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
				String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				query.computeIfAbsent(key, (ignored) -> new ArrayList<>()).add(value);
			}
		}
		return query;
	}

	/**
	 * The runtime interface client's jars: {@code lambda.runtime.dir}, else
	 * {@code lambda-runtime/} next to lattice-local.jar, where the build copies them.
	 */
	static Path runtimeDirectory() {
		String configured = System.getProperty("lambda.runtime.dir");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath();
		}
		String classpath = System.getProperty("java.class.path", "");
		Path first = Path.of(classpath.split(File.pathSeparator)[0]).toAbsolutePath();
		Path candidate = first.getParent().resolve("lambda-runtime");
		if (!Files.isDirectory(candidate)) {
			throw new StartupException("Cannot find the Lambda runtime interface client: expected " + candidate
					+ " (built by 'mvnw -pl lattice-local package') or -Dlambda.runtime.dir");
		}
		return candidate;
	}

	private static Path unzip(Path zip, String name) throws IOException {
		Path root = Files.createTempDirectory("lattice-local-" + name.toLowerCase(Locale.ROOT) + "-");
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				Path target = root.resolve(entry.getName()).normalize();
				if (!target.startsWith(root)) {
					throw new StartupException(zip + ": entry " + entry.getName() + " escapes the archive");
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					try (OutputStream out = Files.newOutputStream(target)) {
						in.transferTo(out);
					}
				}
			}
		}
		return root;
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	@Override
	public void close() {
		Processes.stop(List.of(this.process.toHandle()), Duration.ofSeconds(5));
		this.runtimeApi.close();
	}

}
