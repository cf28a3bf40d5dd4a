package io.latticeshop.local.cli;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.TestBindings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar lattice-local.jar} as users run it, from the packaged jar: the data
 * plane runs in a JVM with its GC setting and, on JDK 24 and newer, Netty's Unsafe
 * allowed; stopping the first JVM stops it, and so does killing it. Given JVM options of
 * their own, the data plane runs in the JVM as started.
 */
class JarJvmIT {

	private static final Path JAR = Path.of("target/lattice-local.jar").toAbsolutePath();

	@TempDir
	Path dir;

	private final List<ProcessHandle> started = new ArrayList<>();

	@AfterEach
	void stop() {
		this.started.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void theDataPlaneRunsInAJvmWithItsOptionsAndStopsWhenTheFirstIsStopped() throws Exception {
		Process launcher = start(List.of());
		ProcessHandle dataPlane = onlyJavaChild(launcher);
		List<String> arguments = List.of(dataPlane.info().arguments().orElseThrow());
		assertThat(arguments).contains(JvmOptions.GC_TIME_RATIO, "-Dlattice-local.launcher=" + launcher.pid());
		if (Runtime.version().feature() >= 24) {
			assertThat(arguments).contains(JvmOptions.UNSAFE);
		}

		launcher.destroy();

		assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(dataPlane.isAlive()).isFalse();
	}

	@Test
	void theDataPlaneStopsWhenTheFirstJvmIsKilled() throws Exception {
		Process launcher = start(List.of());
		ProcessHandle dataPlane = onlyJavaChild(launcher);

		launcher.destroyForcibly();

		dataPlane.onExit().get(30, TimeUnit.SECONDS);
		assertThat(dataPlane.isAlive()).isFalse();
	}

	@Test
	void givenJvmOptionsTheDataPlaneRunsInTheJvmAsStarted() throws Exception {
		Process single = start(List.of("-Xmx200m"));

		assertThat(single.descendants().filter(JarJvmIT::isJava)).isEmpty();
		single.destroy();
		assertThat(single.waitFor(30, TimeUnit.SECONDS)).isTrue();
	}

	// Starts the jar with an admin endpoint and waits until that answers.
	private Process start(List<String> jvmOptions) throws Exception {
		Path binding = TestBindings.write(this.dir, """
				anonymousVpc: WebVpc1A2B3C4D
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				""");
		int admin;
		try (ServerSocket socket = new ServerSocket(0)) {
			admin = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", JAR.toString(), "--config", binding.toString(), "--no-launch", "--admin",
				"127.0.0.1:" + admin));
		Path output = this.dir.resolve("output-" + this.started.size() + ".log");
		Process process = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		this.started.add(process.toHandle());
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI health = URI.create("http://127.0.0.1:" + admin + "/_lattice/health");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("lattice-local running; its output: %s", read(output)).isTrue();
			try {
				if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					process.descendants().forEach(this.started::add);
					return process;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(100);
		}
		throw new AssertionError("lattice-local did not answer within 60 s; its output: " + read(output));
	}

	private static ProcessHandle onlyJavaChild(Process launcher) {
		List<ProcessHandle> children = launcher.children().filter(JarJvmIT::isJava).toList();
		assertThat(children).hasSize(1);
		return children.get(0);
	}

	private static boolean isJava(ProcessHandle process) {
		return process.info().command().map((command) -> command.endsWith("/java")).orElse(false);
	}

	private static String read(Path output) throws IOException {
		return Files.exists(output) ? Files.readString(output) : "";
	}

}
