package io.latticeshop.local.lambda;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Function JVMs start as Lambda's java21 runtime starts them, unless the function says
 * otherwise.
 */
class JvmOptionsTests {

	@Test
	void lambdasJava21DefaultsStopTieredCompilationAtC1WithTheSerialCollector() {
		assertThat(LambdaTarget.jvmOptions(Map.of())).containsExactly("-XX:+TieredCompilation",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");
	}

	@Test
	void javaToolOptionsReplaceTheDefaultsTheyMention() {
		assertThat(LambdaTarget.jvmOptions(Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation")))
			.containsExactly("-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");
		assertThat(LambdaTarget.jvmOptions(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC -Xss512k"))).containsExactly(
				"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
				"--enable-native-access=ALL-UNNAMED");
	}

}
