package io.latticeshop.local.lambda;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import io.latticeshop.local.RequestIds;
import io.latticeshop.local.StartupException;
import io.latticeshop.local.launch.WorkloadLogs;
import io.latticeshop.local.proxy.ForwardedRequest;
import io.latticeshop.local.proxy.Target;
import io.latticeshop.local.server.Exchange;
import io.latticeshop.local.server.NettyRuntime;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A LAMBDA target: the function's zip runs under the open source runtime interface client
 * in execution environments of its own (one JVM each, one invocation at a time), fed
 * through local {@link RuntimeApi}s from one queue. As Lambda does, a request that finds
 * every environment busy starts another, up to the function's concurrency limit; beyond
 * it, requests wait for a free environment (within the function's timeout) rather than
 * being throttled. {@code provisioned} environments start with lattice-local, so the
 * first requests pay no cold start.
 */
public final class LambdaTarget implements Target, AutoCloseable {

	/**
	 * What the function runs with: the template's settings merged with the binding
	 * file's.
	 */
	public record Function(String name, String arn, Path zip, String handler, Map<String, String> environment,
			int memoryMb, Duration timeout, int maxConcurrency, int provisioned) {

		public Function(String name, String arn, Path zip, String handler, Map<String, String> environment,
				int memoryMb, Duration timeout) {
			this(name, arn, zip, handler, environment, memoryMb, timeout, 1, 1);
		}

	}

	private final String name;

	private final Function function;

	private final Duration timeout;

	private final ExecutionEnvironment.Spec spec;

	private final InvocationQueue queue = new InvocationQueue();

	/** What lattice-local unpacked for this function, removed when it stops. */
	private final List<Path> unpacked = new ArrayList<>();

	private final NettyRuntime netty;

	/** Not a Lambda error type: lattice-local could not start an environment. */
	private static final String START_FAILED = "lattice-local.StartFailed";

	private final List<ExecutionEnvironment> environments = new CopyOnWriteArrayList<>();

	private final List<ExecutionEnvironment> provisioned = new ArrayList<>();

	/**
	 * Lambda's limit for a synchronous invocation's payload, taken for the body alone.
	 */
	private static final int MAX_PAYLOAD = 6 * 1024 * 1024;

	private final AtomicInteger busy = new AtomicInteger();

	/** Environments stopped after a timeout, until their process has exited. */
	private final Set<ExecutionEnvironment> stopped = ConcurrentHashMap.newKeySet();

	private final AtomicInteger started = new AtomicInteger();

	private final ReentrantLock scaling = new ReentrantLock();

	private final RuntimeApi.Events events = new RuntimeApi.Events() {

		@Override
		public void dispatched() {
			LambdaTarget.this.busy.incrementAndGet();
		}

		@Override
		public void answered(RuntimeApi.Invocation invocation, long nanos) {
			LambdaTarget.this.busy.decrementAndGet();
		}

		@Override
		public void abandoned() {
			LambdaTarget.this.busy.decrementAndGet();
		}

	};

	private volatile boolean closed;

	/**
	 * Starts the function's provisioned environments; {@code name} is how messages and
	 * the function's output lines name it.
	 */
	public LambdaTarget(String name, Function function, String region, NettyRuntime netty) throws IOException {
		this(name, function, region, netty, WorkloadLogs.CONSOLE);
	}

	/** {@code logs}: where the environments' output goes. */
	public LambdaTarget(String name, Function function, String region, NettyRuntime netty, WorkloadLogs logs)
			throws IOException {
		this.name = name;
		this.netty = netty;
		this.function = function;
		this.timeout = function.timeout();
		if (!Files.isRegularFile(function.zip())) {
			throw new StartupException("targets." + name + ".lambda.zip: " + function.zip()
					+ " does not exist (build the function first)");
		}
		Path runtime = runtimeDirectory();
		Path taskRoot = unzip(function.zip(), function.name());
		this.unpacked.add(taskRoot);
		String classpath = String.join(File.pathSeparator, taskRoot.toString(),
				taskRoot.resolve("lib").toString() + File.separator + "*", runtime.toString() + File.separator + "*");
		List<String> options = jvmOptions(function.environment());
		nativeClient(runtime).ifPresent((library) -> {
			this.unpacked.add(library.getParent());
			options.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + library);
		});
		this.spec = new ExecutionEnvironment.Spec(name, function, region, classpath, taskRoot.toString(), options,
				logs);
		for (int i = 0; i < function.provisioned(); i++) {
			this.provisioned.add(startEnvironment());
		}
	}

	private static final String NATIVE_CLIENT_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

	/**
	 * The JVM options of Lambda's java21 runtime: tiered compilation stops at C1 (fast
	 * start, slower steady state) and the serial collector, unless the function's
	 * {@code JAVA_TOOL_OPTIONS} chooses otherwise, as it can in Lambda.
	 */
	static List<String> jvmOptions(Map<String, String> environment) {
		String tool = environment.getOrDefault("JAVA_TOOL_OPTIONS", "");
		List<String> options = new ArrayList<>();
		if (!tool.contains("TieredCompilation") && !tool.contains("TieredStopAtLevel")) {
			options.add("-XX:+TieredCompilation");
			options.add("-XX:TieredStopAtLevel=1");
		}
		if (!tool.matches(".*-XX:[+]Use\\w+GC.*")) {
			options.add("-XX:+UseSerialGC");
		}
		options.add("-Xshare:auto");
		// The runtime client loads its JNI library; said once here, not warned on every
		// start.
		options.add("--enable-native-access=ALL-UNNAMED");
		return options;
	}

	private ExecutionEnvironment startEnvironment() throws IOException {
		ExecutionEnvironment environment = new ExecutionEnvironment(this.spec, this.started.getAndIncrement(),
				this.queue, this.events, this::exited, this.netty);
		this.environments.add(environment);
		if (this.closed) {
			environment.close();
		}
		return environment;
	}

	private void exited(ExecutionEnvironment environment) {
		this.environments.remove(environment);
		if (this.stopped.remove(environment) && !this.closed && !this.queue.isEmpty()) {
			// Stopped after a timeout, not crashed: work queued meanwhile gets a fresh
			// environment.
			scaleOut();
			if (!this.environments.isEmpty()) {
				return;
			}
		}
		if (this.environments.isEmpty()) {
			// Nobody is left to take queued work: fail it now rather than at its timeout.
			// The next request starts a fresh environment, as Lambda would.
			RuntimeApi.Result result = new RuntimeApi.Result(
					RuntimeApi.errorJson("Runtime.ExitError", "the function's process exited"), "Runtime.ExitError");
			this.queue.drain().forEach((queued) -> queued.result().complete(result));
		}
	}

	/**
	 * Waits until the provisioned environments ask for their first event, so that an init
	 * failure (a missing handler class, a crash in a static initializer) stops start-up
	 * instead of turning into 502s later.
	 */
	public void awaitInit(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		for (ExecutionEnvironment environment : this.provisioned) {
			try {
				environment.initialized().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
	}

	/** What was unpacked for this function, removed when it stops. */
	public List<Path> unpacked() {
		return List.copyOf(this.unpacked);
	}

	/** Each running environment's number and state, for the health endpoint. */
	public List<Map<String, Object>> environmentStates() {
		List<Map<String, Object>> states = new ArrayList<>();
		for (ExecutionEnvironment environment : this.environments) {
			Map<String, Object> state = new LinkedHashMap<>();
			state.put("environment", environment.index());
			state.put("state", environment.state());
			states.add(state);
		}
		return states;
	}

	/** Environments running now (for tests and diagnostics). */
	int environmentCount() {
		return this.environments.size();
	}

	@Override
	public CompletableFuture<Outcome> forward(ForwardedRequest request) {
		String ipPort = "lambda:" + this.name;
		Exchange exchange = request.exchange();
		return exchange.body(MAX_PAYLOAD).handle((body, failure) -> {
			if (failure != null) {
				Exchange.BodyException bad = (Exchange.BodyException) failure;
				String message = (bad.status() == 413)
						? "Payload Too Large: a request body for Lambda function " + this.name
								+ " may be 6 MB at most, Lambda's limit for a synchronous invocation"
						: bad.getMessage();
				return CompletableFuture.<Outcome>failedFuture(new TargetException(bad.status(), message, ipPort));
			}
			byte[] bytes;
			try {
				bytes = ByteBufUtil.getBytes(body);
			}
			finally {
				body.release();
			}
			String version = request.latticeContext().getOrDefault("eventStructureVersion", "V1");
			byte[] event = JsonMapper.shared()
				.writeValueAsBytes(LatticeEventBuilder.event(version, request.method(), request.path(),
						request.rawQuery(), request.headersByName(), request.query(), bytes, request.latticeContext()));
			long sent = System.nanoTime();
			return invoke(event, exchange.eventLoop()).thenApplyAsync((result) -> {
				long answered = System.nanoTime();
				FullHttpResponse response = response(result, ipPort);
				int length = response.content().readableBytes();
				exchange.respond(response);
				return new Outcome(response.status().code(), length, ipPort, (answered - sent) / 1_000_000,
						(System.nanoTime() - answered) / 1_000_000);
			}, exchange.eventLoop());
		}).thenCompose((outcome) -> outcome);
	}

	/** The HTTP response a function's answer stands for, or why it stands for none. */
	private FullHttpResponse response(RuntimeApi.Result result, String ipPort) {
		if (result.failed()) {
			int status = switch (result.errorType()) {
				case "Sandbox.Timedout" -> 504;
				case START_FAILED -> 503;
				default -> 502;
			};
			String reason = switch (status) {
				case 504 -> "Gateway Timeout: Lambda function " + this.name + " did not answer within "
						+ this.timeout.toSeconds() + "s";
				case 503 -> "Service Unavailable: cannot start Lambda function " + this.name + ": "
						+ new String(result.payload(), StandardCharsets.UTF_8);
				default -> "Bad Gateway: Lambda function " + this.name + " failed (" + result.errorType() + "): "
						+ new String(result.payload(), StandardCharsets.UTF_8);
			};
			throw new CompletionException(new TargetException(status, reason, ipPort));
		}
		JsonNode response;
		try {
			response = JsonMapper.shared().readTree(result.payload());
		}
		catch (RuntimeException ex) {
			throw badGateway("returned a response that is not JSON", ipPort);
		}
		if (response == null || !response.path("statusCode").canConvertToInt()) {
			throw badGateway("returned no statusCode (expected {statusCode, headers, body, isBase64Encoded})", ipPort);
		}
		int status = response.path("statusCode").asInt();
		if (status < 200 || status > 599) {
			throw badGateway("returned statusCode " + status + " (expected 200-599)", ipPort);
		}
		JsonNode bodyNode = response.path("body");
		byte[] payload;
		try {
			payload = bodyNode.isMissingNode() || bodyNode.isNull() ? new byte[0]
					: response.path("isBase64Encoded").asBoolean(false)
							? Base64.getDecoder().decode(bodyNode.asString())
							: bodyNode.asString().getBytes(StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw badGateway("returned isBase64Encoded: true with a body that is not base64: " + ex.getMessage(),
					ipPort);
		}
		FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
				Unpooled.wrappedBuffer(payload));
		try {
			response.path("headers").properties().forEach((header) -> {
				if (header.getKey().equalsIgnoreCase("content-length")
						|| header.getKey().equalsIgnoreCase("transfer-encoding")
						|| header.getKey().equalsIgnoreCase("connection")) {
					return;
				}
				if (header.getValue().isArray()) {
					header.getValue().forEach((value) -> http.headers().add(header.getKey(), value.asString()));
				}
				else {
					http.headers().add(header.getKey(), header.getValue().asString());
				}
			});
		}
		catch (IllegalArgumentException ex) {
			throw badGateway("returned a header HTTP cannot carry: " + ex.getMessage(), ipPort);
		}
		http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, payload.length);
		return http;
	}

	private CompletionException badGateway(String what, String ipPort) {
		return new CompletionException(
				new TargetException(502, "Bad Gateway: Lambda function " + this.name + " " + what, ipPort));
	}

	/** Queues the event; the result completes on {@code loop}, or times out there. */
	private CompletableFuture<RuntimeApi.Result> invoke(byte[] event, EventLoop loop) {
		long deadline = System.currentTimeMillis() + this.timeout.toMillis();
		CompletableFuture<RuntimeApi.Result> future = new CompletableFuture<>();
		String requestId = RequestIds.next();
		this.queue.offer(new RuntimeApi.Invocation(requestId, event, deadline, future));
		Thread.ofVirtual().start(this::scaleOut);
		var timer = loop.schedule(() -> {
			if (future.complete(
					new RuntimeApi.Result(RuntimeApi.errorJson("Sandbox.Timedout", "timed out"), "Sandbox.Timedout"))) {
				stopWorkingOn(requestId);
			}
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		future.whenComplete((result, failure) -> timer.cancel(false));
		return future;
	}

	/**
	 * Like Lambda, stops the environment that overran the timeout, mid-invocation: a
	 * handler that hangs would otherwise hold it, and with it a place under the
	 * concurrency limit, for good. The next request gets a fresh environment.
	 */
	private void stopWorkingOn(String requestId) {
		for (ExecutionEnvironment environment : this.environments) {
			if (environment.working(requestId)) {
				System.err.println("lattice-local: " + this.name + " timed out after " + this.timeout.toSeconds()
						+ "s; stopping its environment " + environment + ", as Lambda does");
				this.stopped.add(environment);
				Thread.ofVirtual().start(environment::close);
			}
		}
	}

	/**
	 * Starts another environment when queued work outnumbers the environments free to
	 * take it (an environment is free from its answer on, even before it polls again, so
	 * back-to-back requests stay on one warm environment). Runs off the event loops: it
	 * starts a process.
	 */
	private void scaleOut() {
		if (this.queue.size() <= this.environments.size() - this.busy.get()
				|| this.environments.size() >= this.function.maxConcurrency()) {
			return;
		}
		this.scaling.lock();
		try {
			if (this.closed || this.queue.isEmpty() || this.queue.size() <= this.environments.size() - this.busy.get()
					|| this.environments.size() >= this.function.maxConcurrency()) {
				return;
			}
			startEnvironment();
		}
		catch (IOException ex) {
			if (this.environments.isEmpty()) {
				RuntimeApi.Result result = new RuntimeApi.Result(ex.getMessage().getBytes(StandardCharsets.UTF_8),
						START_FAILED);
				this.queue.drain().forEach((queued) -> queued.result().complete(result));
			}
		}
		finally {
			this.scaling.unlock();
		}
	}

	/**
	 * The runtime interface client unpacks its JNI library to one fixed path in /tmp,
	 * overwriting it on every start: two environments starting at once then map a file
	 * that is being rewritten, and the JVM dies of SIGBUS. So the library is unpacked
	 * once per function here, and the client told where it is through the property it
	 * honours.
	 */
	private static Optional<Path> nativeClient(Path runtime) throws IOException {
		String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
		String libc = (Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
				|| Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"))) ? "linux_musl" : "linux";
		String entryName = "jni/libaws-lambda-jni." + libc + "-" + arch + ".so";
		try (var jars = Files.list(runtime)) {
			for (Path jar : jars
				.filter((p) -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
				.toList()) {
				try (ZipFile zip = new ZipFile(jar.toFile())) {
					ZipEntry entry = zip.getEntry(entryName);
					if (entry != null) {
						Path library = Files.createTempDirectory("lattice-local-jni-").resolve("libaws-lambda-jni.so");
						try (var in = zip.getInputStream(entry)) {
							Files.copy(in, library);
						}
						return Optional.of(library);
					}
				}
			}
		}
		return Optional.empty();
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

	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Stops every environment, then removes what was unpacked for them. */
	@Override
	public void close() {
		this.closed = true;
		this.environments.forEach(ExecutionEnvironment::close);
		for (Path path : this.unpacked) {
			deleteTree(path);
		}
		this.unpacked.clear();
	}

	private static void deleteTree(Path root) {
		try (var paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					System.err.println("lattice-local: cannot remove " + path + ": " + ex.getMessage());
				}
			});
		}
		catch (IOException ex) {
			System.err.println("lattice-local: cannot remove " + root + ": " + ex.getMessage());
		}
	}

}
