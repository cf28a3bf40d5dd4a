package io.latticeshop.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every problem type a service can answer is in {@code docs/contracts.md}: the types
 * named in the services' sources ({@code Problems.type("…")}, and the order processor's
 * kinds) are read and looked up in the document, so a new type fails the build until it
 * is documented.
 */
class ContractsDocumentTests {

	private static final Path ROOT = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();

	private static final Pattern NAMED_TYPE = Pattern.compile("type\\(\"([a-z0-9-]+)\"\\)");

	private static final Pattern KIND = Pattern.compile("[A-Z_]+\\(\"([a-z0-9-]+)\"\\)");

	@Test
	void everyProblemTypeAServiceAnswersIsDocumented() throws IOException {
		String contracts = Files.readString(ROOT.resolve("docs/contracts.md"));
		Set<String> types = new TreeSet<>();
		for (String module : new String[] { "lattice-spring-boot-starter", "web-server", "erp-service",
				"order-processor" }) {
			try (Stream<Path> sources = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
				sources.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
					String source = read(file);
					collect(NAMED_TYPE.matcher(source), types);
					if (file.getFileName().toString().equals("FunctionProblems.java")) {
						collect(KIND.matcher(source), types);
					}
				});
			}
		}
		assertThat(types).as("problem types in the sources")
			.contains("invalid-request", "peer-timeout", "order-not-found");
		assertThat(types).allSatisfy((type) -> {
			assertThat(contracts).as("docs/contracts.md lists " + type).contains("`.../" + type + "`");
			assertThat(contracts).as("docs/contracts.md has an example of " + type)
				.contains("{\"type\":\"https://latticeshop.io/problems/" + type + "\"");
		});
	}

	private static void collect(Matcher matcher, Set<String> into) {
		while (matcher.find()) {
			into.add(matcher.group(1));
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
