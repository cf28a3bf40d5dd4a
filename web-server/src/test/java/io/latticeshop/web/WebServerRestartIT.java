package io.latticeshop.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar, run the way the EC2 instance runs it: a real process, the default
 * ({@code standalone}) profile, no AWS credentials, orders in the default database file
 * under the working directory. Orders written before a restart are there after it.
 */
class WebServerRestartIT {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	Path workingDirectory;

	@Test
	void ordersSurviveARestart() throws Exception {
		int port = freePort();
		String firstId;
		String secondBody;
		Process first = start(port, "first");
		try {
			HttpResponse<String> accepted = post(port,
					"{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}", "restart-1");
			assertThat(accepted.statusCode()).isEqualTo(201);
			firstId = accepted.headers().firstValue("Location").orElseThrow().replace("/api/orders/", "");
			HttpResponse<String> rejected = post(port,
					"{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-404\",\"quantity\":1}]}", null);
			assertThat(rejected.statusCode()).isEqualTo(422);
			secondBody = get(port, "/api/orders?customerId=C-1001").body();
		}
		finally {
			stop(first);
		}
		assertThat(this.workingDirectory.resolve("data/web-server/orders.mv.db")).exists();

		Process second = start(port, "second");
		try {
			HttpResponse<String> order = get(port, "/api/orders/" + firstId);
			assertThat(order.statusCode()).isEqualTo(200);
			assertThat(order.body()).contains("\"status\":\"ACCEPTED\"").contains("\"total\":2468");
			assertThat(get(port, "/api/orders?customerId=C-1001").body()).isEqualTo(secondBody);
			// The idempotency record survived too: the retry finds the stored order.
			HttpResponse<String> retry = post(port,
					"{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}", "restart-1");
			assertThat(retry.statusCode()).isEqualTo(201);
			assertThat(retry.headers().firstValue("Location")).hasValue("/api/orders/" + firstId);
		}
		finally {
			stop(second);
		}
	}

	private Process start(int port, String name) throws IOException, InterruptedException {
		Path jar = Paths.get(System.getProperty("webServerJar", "target/web-server.jar")).toAbsolutePath();
		assertThat(jar).exists();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port));
		Path log = jar.getParent().resolve("web-server-restart-" + name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		// Proves that standalone needs no credentials, whatever the machine running the
		// test has.
		environment.keySet().removeIf((key) -> key.startsWith("AWS_"));
		environment.put("AWS_EC2_METADATA_DISABLED", "true");
		environment.put("MANAGEMENT_SERVER_PORT", "0");
		Process process = builder.start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("web-server exited with " + process.exitValue() + ", see " + log);
			}
			try {
				if (get(port, "/readyz").statusCode() == 200) {
					return process;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		stop(process);
		throw new IllegalStateException("web-server not ready within " + STARTUP + ", see " + log);
	}

	private static void stop(Process process) throws InterruptedException {
		// SIGTERM: the graceful shutdown that systemd does, which closes the database
		// cleanly.
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(int port, String body, String key) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, "/api/orders"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
