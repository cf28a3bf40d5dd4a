package io.latticeshop.local.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.Credentials;
import io.latticeshop.local.binding.Binding.Launch;
import io.latticeshop.local.binding.Binding.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherIT {

	@TempDir
	Path dir;

	@Test
	void startsWorkloadsWithTheirCredentialsWaitsUntilReadyAndStopsThemWithTheirChildren() throws Exception {
		int port = freePort();
		URI ready = URI.create("http://127.0.0.1:" + port + "/");
		Workload server = workload("server", Optional.empty(),
				new Launch(
						List.of(Path.of(System.getProperty("java.home"), "bin", "jwebserver").toString(), "-b",
								"127.0.0.1", "-p", Integer.toString(port), "-d", this.dir.toString()),
						this.dir, Map.of(), Optional.of(ready), Duration.ofSeconds(60)));
		Workload shell = workload("shell", Optional.of(new Credentials("AKIASHELL", "shell-secret")),
				new Launch(
						List.of("sh", "-c",
								"echo \"$AWS_ACCESS_KEY_ID|$AWS_SECRET_ACCESS_KEY|$AWS_REGION|$EXTRA\""
										+ " > env.txt; sleep 300 & wait"),
						this.dir, Map.of("EXTRA", "from-binding"), Optional.empty(), Duration.ofSeconds(5)));
		List<ProcessHandle> started;
		try (Launcher launcher = new Launcher(binding(server, shell), null)) {
			launcher.start();
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			started = ProcessHandle.current().descendants().toList();
			assertThat(started).hasSizeGreaterThanOrEqualTo(3);
			Path env = this.dir.resolve("env.txt");
			for (int i = 0; i < 100 && !Files.exists(env); i++) {
				Thread.sleep(50);
			}
			assertThat(Files.readString(env).strip()).isEqualTo("AKIASHELL|shell-secret|eu-west-1|from-binding");
		}
		assertThat(started).noneMatch(ProcessHandle::isAlive);
		assertThatThrownBy(() -> HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()))
			.isInstanceOf(IOException.class);
	}

	@Test
	void aWorkloadThatNeverBecomesReadyStopsStartUp() throws Exception {
		Workload silent = workload("silent", Optional.empty(), new Launch(List.of("sleep", "60"), this.dir, Map.of(),
				Optional.of(URI.create("http://127.0.0.1:" + freePort() + "/health")), Duration.ofSeconds(1)));
		Launcher launcher = new Launcher(binding(silent), null);
		assertThatThrownBy(launcher::start).isInstanceOf(StartupException.class)
			.hasMessageContaining("workloads.silent.launch.ready")
			.hasMessageContaining("did not answer within 1s");
		List<ProcessHandle> started = ProcessHandle.current().descendants().toList();
		launcher.close();
		assertThat(started).noneMatch(ProcessHandle::isAlive);
	}

	@Test
	void aCommandThatCannotStartSaysWhich() {
		Workload missing = workload("missing", Optional.empty(), new Launch(List.of("no-such-command-here"), this.dir,
				Map.of(), Optional.empty(), Duration.ofSeconds(1)));
		try (Launcher launcher = new Launcher(binding(missing), null)) {
			assertThatThrownBy(launcher::start).isInstanceOf(StartupException.class)
				.hasMessageContaining("workloads.missing.launch: cannot start [no-such-command-here]");
		}
	}

	private Binding binding(Workload... workloads) {
		Map<String, Workload> map = new LinkedHashMap<>();
		for (Workload workload : workloads) {
			map.put(workload.name(), workload);
		}
		return new Binding(this.dir, "eu-west-1", this.dir.resolve("t.json"), Optional.empty(), Optional.empty(),
				Map.of(), Map.of(), map, Optional.empty(), Optional.empty());
	}

	private static Workload workload(String name, Optional<Credentials> credentials, Launch launch) {
		return new Workload(name, credentials, Optional.of("role"), Optional.of("vpc"), Optional.empty(),
				Optional.of(launch));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
