package io.latticeshop.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;

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

	/**
	 * The test template as {@code cdk synth} writes a stack's template when path metadata
	 * is off, as the shop's is: {@code dir/LatticeShop.template.json} with its construct
	 * paths in {@code dir/LatticeShop.metadata.json}. Its Lattice resources have the
	 * shop's paths ({@code Lattice/ErpService/Service},
	 * {@code Lattice/ErpService/AlbTargets}).
	 */
	public static Path templateWithConstructPaths(Path dir) throws IOException {
		Path template = dir.resolve("LatticeShop.template.json");
		Files.copy(TEMPLATE, template);
		StringBuilder metadata = new StringBuilder("{");
		String[][] paths = { { "Lattice/WebServerService/Service", "WebServerService1234ABCD" },
				{ "Lattice/WebServerService/NetworkAssociation", "WebServerAssociation" },
				{ "Lattice/WebServerService/InstanceTargets", "WebServerTargets" },
				{ "Lattice/WebServerService/HttpsListener", "WebServerListener" },
				{ "Lattice/WebServerService/AuthPolicy", "WebServerPolicy" },
				{ "Lattice/ErpService/Service", "ErpService5678EF01" },
				{ "Lattice/ErpService/NetworkAssociation", "ErpAssociation" },
				{ "Lattice/ErpService/AlbTargets", "ErpTargets" },
				{ "Lattice/ErpService/HttpsListener", "ErpListener" }, { "Lattice/ErpService/AuthPolicy", "ErpPolicy" },
				{ "Lattice/OrderProcessorService/Service", "OrderProcessorService9ABC" },
				{ "Lattice/OrderProcessorService/NetworkAssociation", "OrdersAssociation" },
				{ "Lattice/OrderProcessorService/LambdaTargets", "OrderProcessorTargets" },
				{ "Lattice/OrderProcessorService/HttpsListener", "OrdersListener" },
				{ "Lattice/OrderProcessorService/AuthPolicy", "OrdersPolicy" } };
		for (String[] path : paths) {
			metadata.append((metadata.length() > 1) ? ",\n" : "")
				.append("\"/LatticeShop/")
				.append(path[0])
				.append("\": [{\"type\": \"aws:cdk:logicalId\", \"data\": \"")
				.append(path[1])
				.append("\"}]");
		}
		Files.writeString(dir.resolve("LatticeShop.metadata.json"), metadata.append('}'));
		return template;
	}

	/**
	 * The test template with more resources, as {@code dir/<name>.template.json}.
	 * @param resources the resources, as the members of {@code Resources} are written,
	 * without the braces
	 */
	public static Path templateWith(Path dir, String name, String resources) throws IOException {
		Path template = dir.resolve(name + ".template.json");
		Files.writeString(template, Files.readString(TEMPLATE)
			.replaceFirst("\"Resources\"\\s*:\\s*\\{", Matcher.quoteReplacement("\"Resources\": {" + resources + ",")));
		return template;
	}

	/**
	 * {@code dir/binding.yaml} on the test template: the ERP service on a free port, its
	 * target group bound to {@code http://127.0.0.1:targetPort}.
	 */
	public static Path erpServiceTo(Path dir, int targetPort, String timeout) throws IOException {
		return write(dir, """
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				targets:
				  ErpTargets: { url: http://127.0.0.1:%d, timeout: %s }
				""".formatted(targetPort, timeout));
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
