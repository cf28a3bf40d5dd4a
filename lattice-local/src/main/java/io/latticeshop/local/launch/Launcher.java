package io.latticeshop.local.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.Launch;
import io.latticeshop.local.binding.Binding.Workload;
import io.latticeshop.local.template.Topology;

/**
 * Starts the workloads the binding file asks for, each with its local credentials in the
 * standard AWS environment variables, and stops them (and their children) on exit.
 */
public final class Launcher implements AutoCloseable {

	private final Binding binding;

	private final List<Process> processes = new ArrayList<>();

	private final WorkloadLogs logs;

	private volatile boolean stopping;

	public Launcher(Binding binding, Topology topology) {
		this(binding, topology, WorkloadLogs.CONSOLE);
	}

	public Launcher(Binding binding, Topology topology, WorkloadLogs logs) {
		this.binding = binding;
		this.logs = logs;
	}

	public void start() throws IOException {
		List<Workload> launched = new ArrayList<>();
		for (Workload workload : this.binding.workloads().values()) {
			if (workload.launch().isEmpty()) {
				continue;
			}
			Launch launch = workload.launch().get();
			List<String> command = new ArrayList<>(launch.command());
			if (command.get(0).equals("java")) {
				// The JVM running lattice-local is known to be new enough; the first java
				// on the PATH may not be.
				command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
			}
			ProcessBuilder builder = new ProcessBuilder(command).directory(launch.dir().toFile())
				.redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.put("AWS_REGION", this.binding.region());
			env.put("AWS_DEFAULT_REGION", this.binding.region());
			workload.credentials().ifPresent((credentials) -> {
				env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
				env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
				env.remove("AWS_SESSION_TOKEN");
				env.remove("AWS_PROFILE");
			});
			env.putAll(launch.env());
			Process process;
			try {
				process = builder.start();
			}
			catch (IOException ex) {
				throw new StartupException("workloads." + workload.name() + ".launch: cannot start " + launch.command()
						+ ": " + ex.getMessage(), ex);
			}
			this.processes.add(process);
			String prefix = "[" + workload.name() + "] ";
			Consumer<String> sink = this.logs.sink(workload.name(), prefix);
			Thread.ofVirtual().name("launch-" + workload.name()).start(() -> pump(process, sink, workload.name()));
			System.err.println("lattice-local: " + workload.name() + " started (pid " + process.pid() + "), output in "
					+ this.logs.where(workload.name()));
			launched.add(workload);
		}
		for (Workload workload : launched) {
			awaitReady(workload);
		}
	}

	private void awaitReady(Workload workload) {
		Launch launch = workload.launch().get();
		if (launch.ready().isEmpty()) {
			return;
		}
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + launch.readyTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<Void> response = client.send(
						HttpRequest.newBuilder(launch.ready().get()).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() < 500) {
					System.err.println("lattice-local: " + workload.name() + " is ready");
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new StartupException("workloads." + workload.name() + ".launch.ready: " + launch.ready().get()
				+ " did not answer within " + launch.readyTimeout().toSeconds() + "s");
	}

	private void pump(Process process, Consumer<String> sink, String name) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				sink.accept(line);
			}
		}
		catch (IOException ex) {
			// Process ended.
		}
		process.onExit().thenAccept((ended) -> {
			// Stopped by lattice-local itself is no failure, whatever the exit status.
			String how = this.stopping ? "stopped"
					: "exited with status " + ended.exitValue() + " (output in " + this.logs.where(name) + ")";
			System.err.println("lattice-local: " + name + " " + how);
		});
	}

	@Override
	public void close() {
		this.stopping = true;
		Processes.stop(this.processes.stream().map(Process::toHandle).toList(), Duration.ofSeconds(10));
		this.processes.clear();
	}

}
