package io.latticeshop.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ShopArtifactsTests {

	@TempDir
	Path dir;

	@Test
	void missingBuildOutputsAreNamedWithTheCommandThatMakesThem() {
		App app = new App(AppProps.builder()
			.context(Map.of("webServerJar", this.dir.resolve("none.jar").toString(), "orderProcessorZip",
					this.dir.resolve("none.zip").toString(), "erpServiceDir", this.dir.toString()))
			.build());
		assertThatIllegalStateException()
			.isThrownBy(() -> ShopArtifacts.fromContext(app.getNode(), this.dir.resolve("placeholders")))
			.withMessageContaining("none.jar")
			.withMessageContaining("none.zip")
			.withMessageContaining("Dockerfile")
			.withMessageContaining("erp-service.jar")
			.withMessageContaining("./mvnw -DskipTests package")
			.withMessageContaining("placeholderAssets=true");
	}

	@Test
	void presentOutputsAndTheBaseImageComeFromContext() throws IOException {
		Files.writeString(this.dir.resolve("web.jar"), "x");
		Files.writeString(this.dir.resolve("op.zip"), "x");
		Files.writeString(this.dir.resolve("Dockerfile"), "FROM base");
		Files.writeString(Files.createDirectories(this.dir.resolve("target")).resolve("erp-service.jar"), "x");
		App app = new App(AppProps.builder()
			.context(Map.of("webServerJar", this.dir.resolve("web.jar").toString(), "orderProcessorZip",
					this.dir.resolve("op.zip").toString(), "erpServiceDir", this.dir.toString(), "erpBaseImage",
					"local/jre:21"))
			.build());
		ShopArtifacts artifacts = ShopArtifacts.fromContext(app.getNode(), this.dir.resolve("placeholders"));
		assertThat(artifacts.erpBuildArgs()).isEqualTo(Map.of("BASE_IMAGE", "local/jre:21"));
		assertThat(artifacts.placeholders()).isFalse();
	}

	@Test
	void placeholdersNeedNoBuild() {
		App app = new App(AppProps.builder().context(Map.of("placeholderAssets", "true")).build());
		ShopArtifacts artifacts = ShopArtifacts.fromContext(app.getNode(), this.dir);
		assertThat(artifacts.placeholders()).isTrue();
		assertThat(artifacts.erpServiceDir().resolve("Dockerfile")).isRegularFile();
		assertThat(artifacts.webServerJar()).isRegularFile();
		assertThat(artifacts.orderProcessorZip()).isRegularFile();
	}

}
