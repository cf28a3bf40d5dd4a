package io.latticeshop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.constructs.Node;

/**
 * Where the workloads' build outputs are. The app reads them from CDK context (defaults:
 * the sibling modules' Maven outputs, relative to {@code infra/}).
 *
 * @param webServerJar the web server's executable jar
 * @param orderProcessorZip the order processor's Lambda zip
 * @param erpServiceDir the Docker build context of the ERP (holds its Dockerfile)
 * @param erpBuildArgs Docker build arguments for the ERP image ({@code BASE_IMAGE})
 * @param placeholders whether these are stand-ins made by {@link #placeholders(Path)}
 */
record ShopArtifacts(Path webServerJar, Path orderProcessorZip, Path erpServiceDir, Map<String, String> erpBuildArgs,
		boolean placeholders) {

	static final String WEB_SERVER_JAR = "webServerJar";

	static final String ORDER_PROCESSOR_ZIP = "orderProcessorZip";

	static final String ERP_SERVICE_DIR = "erpServiceDir";

	static final String ERP_BASE_IMAGE = "erpBaseImage";

	static final String PLACEHOLDER_ASSETS = "placeholderAssets";

	ShopArtifacts {
		Objects.requireNonNull(webServerJar, "webServerJar");
		Objects.requireNonNull(orderProcessorZip, "orderProcessorZip");
		Objects.requireNonNull(erpServiceDir, "erpServiceDir");
		erpBuildArgs = Map.copyOf(erpBuildArgs);
	}

	/**
	 * Reads the artifact locations from context, or makes placeholders when the
	 * {@code placeholderAssets} context flag is {@code true}.
	 * @param node the app's node
	 * @param placeholderDir where placeholders go
	 * @return the artifacts
	 * @throws IllegalStateException if an artifact is missing
	 */
	static ShopArtifacts fromContext(Node node, Path placeholderDir) {
		if (Boolean.parseBoolean(String.valueOf(node.tryGetContext(PLACEHOLDER_ASSETS)))) {
			return placeholders(placeholderDir);
		}
		Object baseImage = node.tryGetContext(ERP_BASE_IMAGE);
		ShopArtifacts artifacts = new ShopArtifacts(path(node, WEB_SERVER_JAR, "../web-server/target/web-server.jar"),
				path(node, ORDER_PROCESSOR_ZIP, "../order-processor/target/order-processor-lambda.zip"),
				path(node, ERP_SERVICE_DIR, "../erp-service"),
				(baseImage != null) ? Map.of("BASE_IMAGE", baseImage.toString()) : Map.of(), false);
		artifacts.requirePresent();
		return artifacts;
	}

	/**
	 * Stand-ins with the right shape, for synthesizing a template to read (lattice-local,
	 * reviews) without building the workloads. Never deploy them: the jar, the zip and
	 * the image do nothing.
	 * @param dir where to write them
	 * @return the placeholder artifacts
	 */
	static ShopArtifacts placeholders(Path dir) {
		try {
			Path erp = Files.createDirectories(dir.resolve("erp-service"));
			Files.writeString(erp.resolve("Dockerfile"), "FROM scratch\n");
			Path jar = Files.writeString(dir.resolve("web-server.jar"), "placeholder\n");
			Path zip = Files.writeString(dir.resolve("order-processor-lambda.zip"), "placeholder\n");
			return new ShopArtifacts(jar, zip, erp, Map.of(), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write placeholder assets to " + dir, ex);
		}
	}

	void requirePresent() {
		List<String> missing = new ArrayList<>();
		if (!Files.isRegularFile(this.webServerJar)) {
			missing.add("web server jar: " + this.webServerJar.toAbsolutePath().normalize());
		}
		if (!Files.isRegularFile(this.orderProcessorZip)) {
			missing.add("order processor zip: " + this.orderProcessorZip.toAbsolutePath().normalize());
		}
		if (!Files.isRegularFile(this.erpServiceDir.resolve("Dockerfile"))) {
			missing.add("ERP Dockerfile: " + this.erpServiceDir.resolve("Dockerfile").toAbsolutePath().normalize());
		}
		// The Dockerfile copies the jar rather than building it; without it the image
		// build would fail only at deploy time, after a long asset upload.
		Path erpJar = this.erpServiceDir.resolve("target").resolve("erp-service.jar");
		if (!Files.isRegularFile(erpJar)) {
			missing.add("ERP jar (copied by its Dockerfile): " + erpJar.toAbsolutePath().normalize());
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Missing build outputs:\n  " + String.join("\n  ", missing)
					+ "\nBuild the workloads first, from the repository root: ./mvnw -DskipTests package"
					+ "\n(To only read the template, synth with placeholders: npx cdk synth -c " + PLACEHOLDER_ASSETS
					+ "=true)");
		}
	}

	private static Path path(Node node, String key, String fallback) {
		Object value = node.tryGetContext(key);
		return Path.of((value != null) ? value.toString() : fallback);
	}

}
