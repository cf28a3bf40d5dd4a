package io.latticeshop.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.TopologyReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Target health as Lattice checks it: two local targets behind the web server's INSTANCE
 * target group (HTTP1, so checked by default), one stopped and started again. Checks run
 * every second here (the binding shortens the template's 30 s).
 */
class TargetHealthTests {

	@TempDir
	Path dir;

	final HttpServer[] targets = new HttpServer[2];

	LatticeLocal local;

	final SignedClient erp = new SignedClient(SignedClient.http(), "us-east-1", "AKIAERP", "erp-secret");

	@AfterEach
	void stop() {
		if (this.local != null) {
			this.local.close();
		}
		for (HttpServer target : this.targets) {
			if (target != null) {
				target.stop(0);
			}
		}
	}

	@Test
	void lambdaAndAlbGroupsAreNotCheckedAndHttp1GroupsAreWithLatticesDefaults() throws IOException {
		Topology topology = TopologyReader.read(Path.of("src/test/resources/shop.template.json"), "us-east-1");
		assertThat(topology.targetGroup("ErpTargets", "").healthCheck()).isEmpty();
		assertThat(topology.targetGroup("OrderProcessorTargets", "").healthCheck()).isEmpty();
		assertThat(topology.targetGroup("WebServerTargets", "").healthCheck())
			.hasValue(new Topology.HealthCheck("/", 30, 5, 5, 2, "200", "HTTP1"));
	}

	@Test
	void aStoppedTargetTurnsUnhealthyGetsNoTrafficAndComesBackWhenItAnswers() throws Exception {
		start(0, 0);
		start(1, 0);
		URI endpoint = startLatticeLocal();
		awaitStates((states) -> states.equals(List.of("HEALTHY", "HEALTHY")));
		assertThat(answers(endpoint, 8)).contains("target 0", "target 1");

		int port = this.targets[1].getAddress().getPort();
		this.targets[1].stop(0);
		awaitStates((states) -> states.equals(List.of("HEALTHY", "UNHEALTHY")));
		assertThat(answers(endpoint, 8)).containsOnly("target 0");

		start(1, port);
		awaitStates((states) -> states.equals(List.of("HEALTHY", "HEALTHY")));
		assertThat(answers(endpoint, 8)).contains("target 0", "target 1");

		this.targets[0].stop(0);
		this.targets[1].stop(0);
		awaitStates((states) -> states.equals(List.of("UNHEALTHY", "UNHEALTHY")));
		HttpResponse<String> none = this.erp.send("GET", endpoint.resolve("/api/orders/1"), null, null);
		assertThat(none.statusCode()).isEqualTo(503);
		assertThat(none.body()).contains("has no healthy target");
	}

	private void start(int index, int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = ("target " + index).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		this.targets[index] = server;
	}

	private URI startLatticeLocal() throws IOException {
		Path binding = TestBindings.write(this.dir, """
				services:
				  web-server: { listen: 127.0.0.1:0 }
				targets:
				  WebServerTargets:
				    urls: [ "http://127.0.0.1:%d", "http://127.0.0.1:%d" ]
				    timeout: 2s
				    healthCheck: { interval: 1s, timeout: 1s, healthyThreshold: 2, unhealthyThreshold: 2 }
				""".formatted(this.targets[0].getAddress().getPort(), this.targets[1].getAddress().getPort()));
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(binding));
		return URI.create("http://127.0.0.1:" + this.local.addresses().get("web-server").getPort());
	}

	private List<String> answers(URI endpoint, int count) throws Exception {
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> response = this.erp.send("GET", endpoint.resolve("/api/orders/1"), null, null);
			assertThat(response.statusCode()).isEqualTo(200);
			answers.add(response.body());
		}
		return answers;
	}

	/** Waits, at most 15 s, until the two targets' states are as wanted. */
	@SuppressWarnings("unchecked")
	private void awaitStates(Predicate<List<String>> wanted) throws InterruptedException {
		List<String> states = List.of();
		for (int i = 0; i < 150; i++) {
			states = new ArrayList<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) this.local.health().get("targetGroups")) {
				if (Boolean.TRUE.equals(group.get("bound"))) {
					for (Map<String, Object> member : (List<Map<String, Object>>) group.get("targets")) {
						states.add(String.valueOf(member.get("state")));
					}
				}
			}
			if (wanted.test(states)) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("target states stayed " + states + " for 15 s");
	}

}
