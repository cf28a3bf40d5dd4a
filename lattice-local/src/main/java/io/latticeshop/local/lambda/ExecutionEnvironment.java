package io.latticeshop.local.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.latticeshop.local.launch.Processes;
import io.latticeshop.local.launch.WorkloadLogs;
import io.latticeshop.local.server.NettyRuntime;

/**
 * One execution environment of a function: a JVM running the runtime interface client
 * against its own {@link RuntimeApi}, one invocation at a time, taking work from the
 * function's shared queue. Its init duration goes on the REPORT line of its first
 * invocation, as in Lambda.
 */
final class ExecutionEnvironment implements AutoCloseable {

	/**
	 * What an environment is started from; shared by all of a function's environments.
	 */
	record Spec(String name, LambdaTarget.Function function, String region, String classpath, String taskRoot,
			List<String> jvmOptions, WorkloadLogs logs) {
	}

	private final Spec spec;

	private final int index;

	private final RuntimeApi runtimeApi;

	private final Process process;

	private final long launchedAt = System.nanoTime();

	private final Consumer<String> output;

	private volatile long initMillis = -1;

	ExecutionEnvironment(Spec spec, int index, InvocationQueue queue, RuntimeApi.Events events,
			Consumer<ExecutionEnvironment> onExit, NettyRuntime netty) throws IOException {
		this.spec = spec;
		this.index = index;
		this.output = spec.logs().sink("lambda-" + spec.name(), prefix());
		LambdaTarget.Function function = spec.function();
		this.runtimeApi = new RuntimeApi(function.arn(), queue, new RuntimeApi.Events() {

			@Override
			public void dispatched() {
				events.dispatched();
			}

			@Override
			public void answered(RuntimeApi.Invocation invocation, long nanos) {
				report(invocation.requestId(), nanos / 1_000_000);
				events.answered(invocation, nanos);
			}

			@Override
			public void abandoned() {
				events.abandoned();
			}

		}, netty);
		List<String> command = new ArrayList<>();
		command.add(LambdaTarget.javaExecutable());
		command.addAll(spec.jvmOptions());
		command.add("-Xmx" + function.memoryMb() + "m");
		command.addAll(List.of("-cp", spec.classpath(), "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
				function.handler()));
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> env = builder.environment();
		env.put("AWS_LAMBDA_RUNTIME_API", this.runtimeApi.address());
		env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
		env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
		env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
		env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
		env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + UUID.randomUUID());
		env.put("AWS_REGION", spec.region());
		env.put("AWS_DEFAULT_REGION", spec.region());
		env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
		env.put("LAMBDA_TASK_ROOT", spec.taskRoot());
		env.put("_HANDLER", function.handler());
		env.put("TZ", ":UTC");
		env.putAll(function.environment());
		builder.redirectErrorStream(true);
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			this.runtimeApi.close();
			throw ex;
		}
		Thread.ofVirtual().name("lambda-" + spec.name() + "-" + index + "-output").start(this::pumpOutput);
		this.process.onExit().thenRun(() -> {
			this.runtimeApi.fail("Runtime.ExitError",
					"the function's process exited with status " + this.process.exitValue());
			this.runtimeApi.close();
			onExit.accept(this);
		});
		this.runtimeApi.initialized()
			.thenRun(() -> this.initMillis = (System.nanoTime() - this.launchedAt) / 1_000_000);
	}

	/** Completes when the function first asks for work, or fails on an init error. */
	CompletableFuture<Void> initialized() {
		return this.runtimeApi.initialized();
	}

	/** Whether the function is working on this invocation. */
	boolean working(String requestId) {
		return this.runtimeApi.working(requestId);
	}

	/** {@code STARTING} until its first poll, then {@code IDLE} or {@code BUSY}. */
	String state() {
		if (!this.runtimeApi.initialized().isDone()) {
			return "STARTING";
		}
		return this.runtimeApi.busy() ? "BUSY" : "IDLE";
	}

	int index() {
		return this.index;
	}

	boolean alive() {
		return this.process.isAlive();
	}

	private void report(String requestId, long durationMillis) {
		StringBuilder line = new StringBuilder(200).append("REPORT RequestId: ")
			.append(requestId)
			.append("\tDuration: ")
			.append(durationMillis)
			.append(" ms\tBilled Duration: ")
			.append(Math.max(1, durationMillis))
			.append(" ms\tMemory Size: ")
			.append(this.spec.function().memoryMb())
			.append(" MB");
		// Like Lambda, an environment reports its init duration once, with its first
		// invocation.
		long init = this.initMillis;
		if (init >= 0) {
			line.append("\tInit Duration: ").append(init).append(" ms");
			this.initMillis = -2;
		}
		this.output.accept(line.toString());
	}

	private String prefix() {
		// The first environment keeps the plain prefix, so single-environment output
		// reads as before; later ones are numbered like Lambda's log streams would tell
		// apart.
		return (this.index == 0) ? "[lambda " + this.spec.name() + "] "
				: "[lambda " + this.spec.name() + " #" + this.index + "] ";
	}

	private void pumpOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.accept(line);
			}
		}
		catch (IOException ex) {
			// The process is gone; its exit is reported by onExit.
		}
	}

	@Override
	public void close() {
		Processes.stop(List.of(this.process.toHandle()), Duration.ofSeconds(5));
		this.runtimeApi.close();
	}

	@Override
	public String toString() {
		return this.spec.name().toLowerCase(Locale.ROOT) + "#" + this.index;
	}

}
