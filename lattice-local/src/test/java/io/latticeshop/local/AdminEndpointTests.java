package io.latticeshop.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin endpoint as a script or a console uses it: health, the latest requests and
 * their live stream, Lattice's metrics, the allow matrix and the console's files.
 */
class AdminEndpointTests {

	@TempDir
	Path dir;

	HttpServer target;

	LatticeLocal local;

	URI admin;

	URI erp;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");

	final SignedClient erpService = new SignedClient(SignedClient.http(), "us-east-1", "AKIAERP", "erp-secret");

	@BeforeEach
	void start() throws IOException {
		this.target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.target.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, 2);
			exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
			exchange.close();
		});
		this.target.start();
		Path binding = TestBindings.write(this.dir, """
				admin: { listen: 127.0.0.1:0 }
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				targets:
				  ErpTargets: { url: http://127.0.0.1:%d, timeout: 2s }
				""".formatted(this.target.getAddress().getPort()));
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(binding));
		this.admin = URI.create("http://127.0.0.1:" + this.local.adminAddress().getPort());
		this.erp = URI.create("http://127.0.0.1:" + this.local.addresses().get("erp-service").getPort());
	}

	@AfterEach
	void stop() {
		this.local.close();
		this.target.stop(0);
	}

	@Test
	void healthIsReadyAndNamesEveryServiceAndTargetGroup() throws Exception {
		HttpResponse<String> response = get("/_lattice/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = JsonMapper.shared().readTree(response.body());
		assertThat(health.path("ready").asBoolean()).isTrue();
		assertThat(health.path("services").get(0).path("name").asString()).isEqualTo("erp-service");
		assertThat(health.path("services").get(0).path("dnsName").asString()).endsWith(".on.aws");
		assertThat(health.path("services").get(0).path("endpoint").asString()).isEqualTo(this.erp.toString());
		assertThat(health.path("targetGroups").toString()).contains("UNAVAILABLE").contains("\"bound\":false");
	}

	@Test
	void requestsAreRecordedWithTheirDecisionAndStreamedAsTheyEnd() throws Exception {
		CompletableFuture<String> streamed = CompletableFuture.supplyAsync(() -> {
			try {
				HttpResponse<java.io.InputStream> stream = this.http
					.send(HttpRequest.newBuilder(this.admin.resolve("/_lattice/requests"))
						.header("Accept", "text/event-stream")
						.build(), HttpResponse.BodyHandlers.ofInputStream());
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("data: ") && line.contains("DENY")) {
						return line.substring(6);
					}
				}
				return null;
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(300);
		assertThat(this.webServer.send("GET", this.erp.resolve("/api/customers/C-1001"), null, null).statusCode())
			.isEqualTo(200);
		assertThat(this.erpService.send("GET", this.erp.resolve("/api/customers/C-1001"), null, null).statusCode())
			.isEqualTo(403);

		JsonNode denied = JsonMapper.shared().readTree(streamed.get(10, TimeUnit.SECONDS));
		assertThat(denied.path("callerName").asString()).isEqualTo("erp-service");
		assertThat(denied.path("reason").asString()).contains("because no service-based policy allows");
		assertThat(denied.path("statements").asString()).contains("service: no statement allows");

		JsonNode latest = JsonMapper.shared().readTree(get("/_lattice/requests").body()).path("requests");
		assertThat(latest).hasSize(2);
		JsonNode allowed = latest.get(0);
		assertThat(allowed.path("decision").asString()).isEqualTo("ALLOW");
		assertThat(allowed.path("status").asInt()).isEqualTo(200);
		assertThat(allowed.path("statements").asString()).contains("service: allowed by Statement[0]");
		assertThat(allowed.path("latticeHeaders").path("x-amzn-lattice-identity").asString())
			.startsWith("Principal=arn:aws:sts::000000000000:assumed-role/WebServerRole0A1B2C3D/web-server");
	}

	@Test
	void metricsCarryLatticesNamesPerServiceAndTargetGroup() throws Exception {
		this.webServer.send("GET", this.erp.resolve("/api/customers/C-1001"), null, null);
		this.erpService.send("GET", this.erp.resolve("/api/customers/C-1001"), null, null);
		// Counted once each response is written, a moment after the client has it.
		for (int i = 0; i < 50 && this.local.recorder().latest().size() < 2; i++) {
			Thread.sleep(20);
		}
		String metrics = get("/_lattice/metrics").body();
		assertThat(metrics).containsPattern("RequestCount_total\\{service=\"erp-service\",target_group=\"[^\"]+\"} 1.0")
			.containsPattern("HTTPCode_2XX_Count_total\\{service=\"erp-service\",target_group=\"[^\"]+\"} 1.0")
			.containsPattern("HTTPCode_4XX_Count_total\\{service=\"erp-service\",target_group=\"-\"} 1.0")
			.contains("RequestTime_seconds_count{service=\"erp-service\"")
			.containsPattern("TotalConnectionCount_total\\{service=\"erp-service\"} [1-9]")
			.contains("ActiveConnectionCount{service=\"erp-service\"}");
	}

	@Test
	void theMatrixSaysWhoMayCallWhat() throws Exception {
		JsonNode matrix = JsonMapper.shared().readTree(get("/_lattice/matrix").body());
		assertThat(matrix.path("callers").toString()).contains("web-server", "erp-service", "anonymous");
		JsonNode customers = null;
		for (JsonNode call : matrix.path("calls")) {
			if (call.path("method").asString().equals("GET")
					&& call.path("path").asString().startsWith("/api/customers/")) {
				customers = call;
			}
		}
		assertThat(customers).isNotNull();
		assertThat(customers.path("verdicts").path("web-server").path("allowed").asBoolean()).isTrue();
		assertThat(customers.path("verdicts").path("erp-service").path("allowed").asBoolean()).isFalse();
		assertThat(customers.path("verdicts").path("anonymous").path("allowed").asBoolean()).isFalse();
	}

	@Test
	void theConsoleIsServedFromTheJarAndNothingElseIs() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
		assertThat(page.body()).contains("<script src=\"console.js\">");
		assertThat(get("/console.js").body()).contains("EventSource");
		assertThat(get("/../pom.xml").statusCode()).isIn(400, 404);
		assertThat(get("/nothing").statusCode()).isEqualTo(404);
		HttpResponse<String> post = this.http.send(HttpRequest.newBuilder(this.admin.resolve("/_lattice/health"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(405);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(this.admin.resolve(path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
