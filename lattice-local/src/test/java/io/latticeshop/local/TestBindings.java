package io.latticeshop.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Binding files for the tests: the test template's VPCs, roles and policies, an access
 * log, the web server's and the ERP's local keys, and whatever a test adds.
 */
public final class TestBindings {

	public static final Path TEMPLATE = Path.of("src/test/resources/shop.template.json").toAbsolutePath();

	private static final String WORKLOADS = """
			workloads:
			  web-server: { accessKeyId: AKIAWEB, secretAccessKey: web-secret, role: WebServerRole0A1B2C3D, vpc: WebVpc1A2B3C4D }
			  erp-service: { accessKeyId: AKIAERP, secretAccessKey: erp-secret, role: erp-task-role, vpc: ErpVpc5E6F7A8B }
			""";

	private TestBindings() {
	}

	/** {@code dir/binding.yaml} on the test template, with {@code settings} added. */
	public static Path write(Path dir, String settings) throws IOException {
		return write(dir, TEMPLATE, settings);
	}

	/** {@code dir/binding.yaml} on {@code template}, with {@code settings} added. */
	public static Path write(Path dir, Path template, String settings) throws IOException {
		Path binding = dir.resolve("binding.yaml");
		Files.writeString(binding, "template: " + template.toAbsolutePath() + "\naccessLog: access.log\n"
				+ settings.stripTrailing() + "\n" + WORKLOADS);
		return binding;
	}

}
