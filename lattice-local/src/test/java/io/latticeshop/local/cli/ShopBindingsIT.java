package io.latticeshop.local.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.TopologyReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository's binding files and the README's {@code check} example against the
 * template that {@code infra} synthesizes. Lattice names follow the stack name, so the
 * bindings name services by construct path, which no stack name changes. Reported skipped
 * until {@code infra} has been built; under CI its absence fails it.
 */
class ShopBindingsIT {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path TEMPLATE = ROOT.resolve("infra/cdk.out/LatticeShop.template.json");

	static final String CHECK_EXAMPLE = "$ java -jar lattice-local/target/lattice-local.jar check";

	@BeforeAll
	static void requireTemplate() {
		boolean present = Files.isRegularFile(TEMPLATE);
		if (!present && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(TEMPLATE + " is missing: build infra first");
		}
		assumeTrue(present, TEMPLATE + " is missing: build infra first (./mvnw -pl infra package)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "local/shop.yaml", "e2e-tests/e2e-shop.yaml" })
	void everyServiceOfTheTemplateIsBoundOnceByItsConstructPath(String file) {
		Binding binding = BindingReader.read(ROOT.resolve(file));
		assertThat(binding.template()).isEqualTo(TEMPLATE);
		Topology topology = TopologyReader.read(binding.template(), binding.region());

		Set<String> bound = new HashSet<>();
		for (String key : binding.services().keySet()) {
			Service service = topology.service(key, file + ": services." + key);
			assertThat(topology.references().shortPath(service.logicalId())).as(file + ": services." + key)
				.startsWith(key + "/");
			assertThat(key).as(file + ": services." + key).isNotEqualTo(service.name());
			bound.add(service.logicalId());
		}
		assertThat(bound).as(file).containsExactlyInAnyOrderElementsOf(topology.services().keySet());
	}

	/**
	 * Runs the command of lattice-local/README.md's check example, its binding file found
	 * from the repository root, and compares what it prints with what the README shows.
	 */
	@Test
	void checkPrintsWhatTheReadmeShows() throws IOException {
		List<String> readme = Files.readAllLines(ROOT.resolve("lattice-local/README.md"));
		int line = 0;
		while (line < readme.size() && !readme.get(line).startsWith(CHECK_EXAMPLE)) {
			line++;
		}
		assertThat(line).as("an example starting '" + CHECK_EXAMPLE + "'").isLessThan(readme.size());
		StringBuilder command = new StringBuilder();
		while (readme.get(line).endsWith("\\")) {
			command.append(readme.get(line), 0, readme.get(line).length() - 1).append(' ');
			line++;
		}
		command.append(readme.get(line++));
		List<String> shown = new ArrayList<>();
		while (!readme.get(line).startsWith("```")) {
			shown.add(readme.get(line++));
		}
		List<String> args = new ArrayList<>(List.of(command.substring(CHECK_EXAMPLE.length()).trim().split("\\s+")));
		int config = args.indexOf("--config") + 1;
		args.set(config, ROOT.resolve(args.get(config)).toString());

		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = LatticeLocalCommand.commandLine();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int status = commandLine.execute(prepend("check", args));

		assertThat(err.toString()).isEmpty();
		assertThat(status).isZero();
		assertThat(out.toString().lines()).containsExactlyElementsOf(shown);
	}

	private static String[] prepend(String first, List<String> rest) {
		List<String> all = new ArrayList<>(rest.size() + 1);
		all.add(first);
		all.addAll(rest);
		return all.toArray(String[]::new);
	}

}
