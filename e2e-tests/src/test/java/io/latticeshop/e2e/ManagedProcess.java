package io.latticeshop.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A workload run as a real operating-system process, its output kept in a file under the
 * suite's work directory so that a failure can be read afterwards.
 */
final class ManagedProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final String name;

	private final ProcessBuilder builder;

	private final Path log;

	private Process process;

	ManagedProcess(String name, Path directory, List<String> command, Map<String, String> env, Path workDir) {
		this.name = name;
		this.log = workDir.resolve(name + ".log");
		this.builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		this.builder.environment().putAll(env);
	}

	ManagedProcess start() throws IOException {
		Files.createDirectories(this.log.getParent());
		this.builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		this.process = this.builder.start();
		return this;
	}

	/** Waits until the URL answers 2xx, failing early if the process dies. */
	void awaitHttpOk(String url, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before it was ready; its output:\n" + tail());
			}
			try {
				HttpResponse<Void> response = HTTP.send(
						HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() / 100 == 2) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(
				this.name + " not ready at " + url + " within " + timeout + "; its output:\n" + tail());
	}

	/** Waits until the process has printed a line containing {@code text}. */
	void awaitOutput(String text, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(this.log) && Files.readString(this.log).contains(text)) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; its output:\n" + tail());
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(
				this.name + " did not print '" + text + "' within " + timeout + "; its output:\n" + tail());
	}

	String output() throws IOException {
		return Files.exists(this.log) ? Files.readString(this.log) : "";
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/** Kills the process as a crash would: no graceful shutdown. */
	void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				kill();
			}
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		}
	}

}
