package io.latticeshop.local;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real order processor zip behind the real template's order-processor service: the
 * web server's role may process orders, nobody else may. Reported skipped until
 * {@code order-processor} and {@code infra} have been built; under CI their absence fails
 * it.
 */
class OrderProcessorZipIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path TEMPLATE = ROOT.resolve("infra/cdk.out/LatticeShop.template.json");

	static final Path ZIP = ROOT.resolve("order-processor/target/order-processor-lambda.zip");

	static final String ORDER = """
			{"orderId":"ORD-ZIP-IT-1","customerId":"C-1001","customerTier":"GOLD",
			 "items":[{"sku":"SKU-1","quantity":2},{"sku":"SKU-4","quantity":1}]}""";

	@TempDir
	static Path dir;

	static LatticeLocal local;

	static URI orders;

	/**
	 * A {@code -pl lattice-local} build may lack the other modules' artifacts: the test
	 * is then reported skipped, never passed. CI builds the whole reactor, where a
	 * missing artifact is a failure.
	 */
	private static void requireBuilt(Path artifact, String hint) {
		boolean present = Files.isRegularFile(artifact);
		if (!present && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(artifact + " is missing: " + hint);
		}
		assumeTrue(present, artifact + " is missing: " + hint);
	}

	@BeforeAll
	static void start() throws Exception {
		requireBuilt(TEMPLATE, "build infra first (./mvnw -pl infra package)");
		requireBuilt(ZIP, "build order-processor first (./mvnw -pl order-processor package)");
		Path binding = dir.resolve("orders.yaml");
		Files.writeString(binding, """
				template: %s
				accessLog: access.log
				services:
				  Lattice/OrderProcessorService: { listen: 127.0.0.1:0 }
				targets:
				  Lattice/OrderProcessorService/LambdaTargets:
				    lambda: { zip: %s }
				workloads:
				  web-server: { accessKeyId: AKIAWEB, secretAccessKey: web-secret, role: WebServer/Role, vpc: WebVpc }
				  erp-service: { accessKeyId: AKIAERP, secretAccessKey: erp-secret, role: Erp/TaskRole, vpc: ErpVpc }
				""".formatted(TEMPLATE, ZIP));
		local = new LatticeLocal();
		local.start(BindingReader.read(binding));
		orders = URI.create("http://127.0.0.1:" + local.addresses().get("Lattice/OrderProcessorService").getPort()
				+ "/orders/process");
	}

	@AfterAll
	static void stop() {
		if (local != null) {
			local.close();
		}
	}

	@Test
	void theWebServerRoleGetsAnOrderPricedByTheRealFunction() throws Exception {
		SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");
		HttpResponse<String> response = webServer.send("POST", orders, "application/json", ORDER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"orderId\":\"ORD-ZIP-IT-1\"", "\"status\":\"ACCEPTED\"",
				"\"currency\":\"EUR\"", "\"unitPrice\":1299");
		assertThat(response.headers().firstValue("content-type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		HttpResponse<String> invalid = webServer.send("POST", orders, "application/json", "{\"orderId\":\"\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("https://latticeshop.io/problems/");
	}

	@Test
	void otherCallersAreDeniedBeforeTheFunctionRuns() throws Exception {
		SignedClient erp = new SignedClient(SignedClient.http(), "us-east-1", "AKIAERP", "erp-secret");
		HttpResponse<String> denied = erp.send("POST", orders, "application/json", ORDER);
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).startsWith("AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/");
		SignedClient anonymous = new SignedClient(SignedClient.http(), "us-east-1", null, null);
		assertThat(anonymous.send("POST", orders, "application/json", ORDER).statusCode()).isEqualTo(403);
	}

}
