package io.latticeshop.local.binding;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindingReaderTests {

	static final Path SHOP = Path.of("../local/shop.yaml");

	@TempDir
	Path dir;

	@Test
	void readsTheShopBindingWithPathsFromTheRepositoryRoot() {
		Binding binding = BindingReader.read(SHOP, Map.of());
		Path root = SHOP.toAbsolutePath().getParent().getParent().normalize();
		assertThat(binding.region()).isEqualTo("us-east-1");
		assertThat(binding.template()).isEqualTo(root.resolve("infra/cdk.out/LatticeShop.template.json"));
		assertThat(binding.accessLog()).hasValue(root.resolve("target/lattice-local/access.log"));
		assertThat(binding.services()).containsOnlyKeys("Lattice/WebServerService", "Lattice/ErpService",
				"Lattice/OrderProcessorService");
		assertThat(binding.services().get("Lattice/ErpService").port()).isEqualTo(9081);
		assertThat(binding.services().get("Lattice/ErpService").examples())
			.containsExactly(new Example("GET", "/api/customers/C-1001", Optional.empty(), Optional.of(200)));
		assertThat(binding.services().get("Lattice/OrderProcessorService").examples()).singleElement()
			.satisfies((example) -> assertThat(example.body())
				.hasValueSatisfying((body) -> assertThat(body).startsWith("{\"orderId\"").endsWith("}")));
		assertThat(binding.services().get("Lattice/WebServerService").examples()).isEmpty();
		assertThat(binding.services().get("Lattice/WebServerService").examplesGiven()).isTrue();
		Binding.TargetBinding web = binding.targets().get("Lattice/WebServerService/InstanceTargets");
		assertThat(web.urls()).containsExactly(URI.create("http://127.0.0.1:8080"));
		assertThat(web.timeout()).hasValue(Duration.ofSeconds(30));
		Binding.LambdaBinding lambda = binding.targets()
			.get("Lattice/OrderProcessorService/LambdaTargets")
			.lambda()
			.orElseThrow();
		assertThat(lambda.zip()).isEqualTo(root.resolve("order-processor/target/order-processor-lambda.zip"));
		assertThat(lambda.handler()).isEmpty();
		assertThat(lambda.maxConcurrency()).hasValue(2);
		assertThat(lambda.provisioned()).hasValue(1);
		Binding.Workload webServer = binding.workloads().get("web-server");
		assertThat(webServer.credentials())
			.hasValue(new Binding.Credentials("AKIALOCALWEBSERVER01", "local/web-server/secret/not-a-real-key"));
		assertThat(webServer.launch().orElseThrow().env()).containsEntry("SPRING_PROFILES_ACTIVE", "aws")
			.containsEntry("LATTICE_PEERS_ERP_URL", "http://127.0.0.1:9081")
			.containsEntry("LATTICE_PEERS_ORDER_PROCESSOR_URL", "http://127.0.0.1:9082")
			.containsEntry("SERVER_PORT", "8080");
		assertThat(binding.workloads().get("erp-service").launch().orElseThrow().env())
			.containsEntry("LATTICE_PEERS_WEB_SERVER_URL", "http://127.0.0.1:9080")
			.containsEntry("SERVER_PORT", "8081");
	}

	@Test
	void fillsInEnvironmentVariablesWithDefaults() throws IOException {
		Binding binding = read("""
				template: ${TEMPLATE}
				region: ${REGION:-eu-west-1}
				services: { svc: { listen: "127.0.0.1:${PORT:-9000}" } }
				""", Map.of("TEMPLATE", "t.json", "PORT", "9100"));
		assertThat(binding.template()).isEqualTo(this.dir.resolve("t.json"));
		assertThat(binding.region()).isEqualTo("eu-west-1");
		assertThat(binding.services().get("svc").port()).isEqualTo(9100);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					unknown top-level setting    | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargetz: {}           | targetz: unknown setting
					no template                  | services: {s: {listen: 127.0.0.1:1}}                                          | template is required
					no services                  | template: t.json                                                              | services: bind at least one
					listen without port          | template: t.json\\nservices: {s: {listen: localhost}}                         | services.s.listen: expected host:port
					port out of range            | template: t.json\\nservices: {s: {listen: 127.0.0.1:70000}}                   | services.s.listen: expected host:port
					two services on one port     | template: t.json\\nservices: {a: {listen: 127.0.0.1:9080}, b: {listen: 127.0.0.1:9080}} | services.b.listen: 127.0.0.1:9080 is services.a's already
					trace server not http        | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntracing: {zipkin: 'udp://x:9411'} | tracing.zipkin: expected an http:// URL
					trace server unknown key     | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntracing: {jaeger: x}      | tracing.jaeger: unknown setting
					malformed example            | template: t.json\\nservices: {s: {listen: 127.0.0.1:1, examples: [get x]}}    | services.s.examples[0]: expected
					url and lambda               | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {url: http://h:1, lambda: {zip: z}}} | targets.t: give exactly one of
					neither url nor lambda       | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {timeout: 1s}} | targets.t: give exactly one of
					https target url             | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {url: https://h:1}} | targets.t.url: expected http://host:port
					bad duration                 | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {url: http://h:1, timeout: 5 minutes}} | targets.t.timeout: expected a duration
					lambda without zip           | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {lambda: {handler: h}}} | targets.t.lambda.zip is required
					bad memory                   | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {lambda: {zip: z, memoryMb: lots}}} | targets.t.lambda.memoryMb: expected a number
					no environments              | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {lambda: {zip: z, maxConcurrency: 0}}} | targets.t.lambda.maxConcurrency: expected at least 1
					more provisioned than max    | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\ntargets: {t: {lambda: {zip: z, maxConcurrency: 2, provisioned: 3}}} | targets.t.lambda.provisioned: 3 environments exceed maxConcurrency 2
					key without secret           | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\nworkloads: {w: {accessKeyId: A}} | workloads.w: accessKeyId and secretAccessKey go together
					credentials without role     | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\nworkloads: {w: {accessKeyId: A, secretAccessKey: S, vpc: V}} | workloads.w: a workload with credentials needs 'role'
					same key twice               | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\nworkloads: {a: {accessKeyId: A, secretAccessKey: S, role: R, vpc: V}, b: {accessKeyId: A, secretAccessKey: T, role: R, vpc: V}} | workloads.b.accessKeyId: A is already used
					launch without command       | template: t.json\\nservices: {s: {listen: 127.0.0.1:1}}\\nworkloads: {w: {launch: {ready: http://h:1}}} | workloads.w.launch.command: give the command
					unset environment variable   | template: ${NOT_SET_ANYWHERE}\\nservices: {s: {listen: 127.0.0.1:1}}      | Environment variable NOT_SET_ANYWHERE is not set
					top level not a mapping      | - just a list                                                                 | expected a YAML mapping at the top level
					""")
	void namesTheOffendingSettingInEveryError(String name, String yaml, String message) throws IOException {
		assertThatThrownBy(() -> read(yaml.replace("\\n", "\n"), Map.of())).isInstanceOf(StartupException.class)
			.hasMessageContaining(message);
	}

	@Test
	void aFileThatIsNotThereOrNotYamlSaysSo() throws IOException {
		assertThatThrownBy(() -> BindingReader.read(this.dir.resolve("missing.yaml"), Map.of()))
			.isInstanceOf(StartupException.class)
			.hasMessageStartingWith("Cannot read binding file");
		assertThatThrownBy(() -> read("services: {s: [unclosed", Map.of())).isInstanceOf(StartupException.class)
			.hasMessageStartingWith("Cannot read binding file");
	}

	@Test
	void launchCommandsMayBeAStringOrAList() throws IOException {
		Binding binding = read("""
				template: t.json
				services: { s: { listen: 127.0.0.1:1 } }
				workloads:
				  a: { launch: { command: "java -jar a.jar", dir: sub } }
				  b: { launch: { command: [java, -jar, "b c.jar"] } }
				""", Map.of());
		assertThat(binding.workloads().get("a").launch().orElseThrow().command())
			.isEqualTo(List.of("java", "-jar", "a.jar"));
		assertThat(binding.workloads().get("a").launch().orElseThrow().dir()).isEqualTo(this.dir.resolve("sub"));
		assertThat(binding.workloads().get("b").launch().orElseThrow().command()).containsExactly("java", "-jar",
				"b c.jar");
	}

	private Binding read(String yaml, Map<String, String> environment) throws IOException {
		Path file = this.dir.resolve("binding.yaml");
		Files.writeString(file, yaml);
		return BindingReader.read(file, environment);
	}

	@Test
	void everyMistakeInTheFilesShapeIsNamedAtOnceWithItsPath(@org.junit.jupiter.api.io.TempDir Path dir)
			throws Exception {
		Path file = dir.resolve("binding.yaml");
		java.nio.file.Files.writeString(file, """
				template: x.json
				services:
				  a: { lisen: 127.0.0.1:9080 }
				  b: { listen: nohost }
				targets:
				  t: { url: ftp://example }
				workloads:
				  w: { accessKeyId: AKIA1, role: r }
				bogus: 1
				""");
		assertThatExceptionOfType(StartupException.class).isThrownBy(() -> BindingReader.read(file))
			.withMessageContaining("does not fit lattice-local/binding.schema.json (5 problems)")
			.withMessageContaining("services.a.lisen: unknown setting")
			.withMessageContaining("services.a.listen is required")
			.withMessageContaining("services.b.listen: expected host:port (e.g. 127.0.0.1:9080), or none")
			.withMessageContaining("targets.t.url: expected http://host:port")
			.withMessageContaining("bogus: unknown setting");
	}

	@Test
	void theShopsBindingFilesFitTheSchemaTheyName() throws Exception {
		for (String binding : List.of("../local/shop.yaml", "../e2e-tests/e2e-shop.yaml")) {
			assertThat(java.nio.file.Files.readAllLines(Path.of(binding)).get(0))
				.isEqualTo("# yaml-language-server: $schema=../lattice-local/binding.schema.json");
			assertThat(BindingSchema.problems(tools.jackson.dataformat.yaml.YAMLMapper.shared()
				.readTree(java.nio.file.Files.readString(Path.of(binding))))).as(binding).isEmpty();
		}
	}

}
