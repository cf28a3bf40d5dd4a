package io.latticeshop.orders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployable artifact: the zip {@code mvn package} leaves in {@code target}, checked
 * as Lambda would see it.
 */
class LambdaZipIT {

	private static final Path ZIP = Path.of(System.getProperty("lambda.zip", "target/order-processor-lambda.zip"));

	private static final long MAX_BYTES = Long.parseLong(System.getProperty("lambda.zip.max-bytes", "20971520"));

	@Test
	void zipIsSmallEnough() throws IOException {
		assertThat(ZIP).exists();
		long size = Files.size(ZIP);
		System.out.printf("order-processor-lambda.zip: %d bytes (%.1f MiB)%n", size, size / 1024.0 / 1024.0);
		assertThat(size).isLessThanOrEqualTo(MAX_BYTES);
	}

	@Test
	void zipHasClassesAtTheRootAndJarsUnderLib() throws IOException {
		try (ZipFile zip = new ZipFile(ZIP.toFile())) {
			List<String> names = zip.stream().map(ZipEntry::getName).toList();

			assertThat(names).contains("io/latticeshop/orders/OrderProcessorApplication.class",
					"io/latticeshop/orders/lattice/OrderEventHandler.class", "application.properties",
					"META-INF/MANIFEST.MF");
			assertThat(names).anyMatch((name) -> name.matches("lib/spring-cloud-function-adapter-aws-.*\\.jar"))
				.anyMatch((name) -> name.matches("lib/aws-lambda-java-core-.*\\.jar"))
				.anyMatch((name) -> name.matches("lib/crac-.*\\.jar"));
			assertThat(names.stream().filter((name) -> name.startsWith("lib/") && !name.equals("lib/")))
				.allMatch((name) -> name.endsWith(".jar") && name.indexOf('/', 4) < 0);
			assertThat(names.stream().filter((name) -> !name.startsWith("lib/")))
				.allMatch((name) -> name.startsWith("io/") || name.startsWith("META-INF/")
						|| name.equals("application.properties"));

			try (InputStream manifest = zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF"))) {
				assertThat(new Manifest(manifest).getMainAttributes().getValue("Main-Class"))
					.isEqualTo(OrderProcessorApplication.class.getName());
			}
		}
	}

	@Test
	void zipHoldsNoWebServerAndNoTestOrBuildJars() throws IOException {
		try (ZipFile zip = new ZipFile(ZIP.toFile())) {
			List<String> jars = zip.stream()
				.map(ZipEntry::getName)
				.filter((name) -> name.startsWith("lib/"))
				.map((name) -> name.substring(4))
				.toList();

			assertThat(jars).noneMatch((jar) -> jar.matches(
					"(tomcat|jetty|undertow|netty|reactor-netty|spring-webflux|spring-webmvc|spring-boot-web-server"
							+ "|spring-boot-starter-web|junit|assertj|mockito|spring-test|spring-boot-test"
							+ "|jsonassert|aws-lambda-java-runtime-interface-client|maven).*"));
		}
	}

	@Test
	void zipAnswersLatticeEventsInAFreshJvmWithOnlyItsContents(@TempDir Path work) throws Exception {
		Path unpacked = unzip(work.resolve("function"));
		Path driver = work.resolve("driver/io/latticeshop/orders");
		Files.createDirectories(driver);
		Files.copy(Path.of("target/test-classes/io/latticeshop/orders/ZipEventDriver.class"),
				driver.resolve("ZipEventDriver.class"));
		List<String> events = new ArrayList<>();
		for (String name : List.of("v2-post-order.json", "v1-post-order.json", "v2-get-unknown-path.json",
				"v1-delete-process.json")) {
			events.add(Path.of("src/test/resources/events", name).toAbsolutePath().toString());
		}
		Path notJson = work.resolve("not-json.txt");
		Files.writeString(notJson, "this is not an event");
		events.add(notJson.toString());

		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						work.resolve("driver") + ":" + unpacked + ":" + unpacked.resolve("lib") + "/*",
						ZipEventDriver.class.getName()));
		command.addAll(events);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();

		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> responses = output.lines()
			.filter((line) -> line.startsWith("RESPONSE "))
			.map((line) -> json.readTree(line.substring("RESPONSE ".length())))
			.toList();
		assertThat(responses).as(output)
			.extracting((response) -> response.get("statusCode").asInt())
			.containsExactly(200, 200, 404, 405, 400);
		assertThat(json.readTree(responses.get(0).get("body").asString()).get("total").asLong()).isEqualTo(4_834);
		assertThat(responses).allSatisfy((response) -> assertThat(response.propertyNames())
			.containsExactlyInAnyOrder("statusCode", "statusDescription", "headers", "body", "isBase64Encoded"));
	}

	private static Path unzip(Path target) throws IOException {
		try (ZipFile zip = new ZipFile(ZIP.toFile())) {
			for (ZipEntry entry : zip.stream().toList()) {
				Path out = target.resolve(entry.getName()).normalize();
				assertThat(out.startsWith(target)).as(entry.getName()).isTrue();
				if (entry.isDirectory()) {
					Files.createDirectories(out);
					continue;
				}
				Files.createDirectories(out.getParent());
				try (InputStream in = zip.getInputStream(entry)) {
					Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		return target;
	}

}
