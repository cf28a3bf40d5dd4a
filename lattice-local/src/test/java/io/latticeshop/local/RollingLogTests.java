package io.latticeshop.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log file is kept to its size: past it the file becomes {@code .1}, replacing the one
 * before, and every line is in one of the two files, whole.
 */
class RollingLogTests {

	@TempDir
	Path dir;

	@Test
	void aFilePastItsSizeBecomesDotOneAndANewOneBegins() throws Exception {
		Path file = this.dir.resolve("logs/access.log");
		try (RollingLog log = RollingLog.toFile(file, 100)) {
			for (int i = 0; i < 25; i++) {
				log.writeLine("line %02d ........".formatted(i));
			}
		}
		// 18 characters a line: five lines a file, so lines 20 to 24 are current and
		// 15 to 19 in .1; the older ones are gone.
		assertThat(Files.readAllLines(file)).containsExactly("line 20 ........", "line 21 ........", "line 22 ........",
				"line 23 ........", "line 24 ........");
		assertThat(Files.readAllLines(this.dir.resolve("logs/access.log.1"))).hasSize(5)
			.first()
			.isEqualTo("line 15 ........");
		assertThat(Files.size(file)).isLessThanOrEqualTo(100);
	}

	@Test
	void anExistingFileCountsTowardsItsSize() throws Exception {
		Path file = this.dir.resolve("access.log");
		Files.writeString(file, "x".repeat(95) + "\n");
		try (RollingLog log = RollingLog.toFile(file, 100)) {
			log.writeLine("next");
		}
		assertThat(Files.readAllLines(file)).containsExactly("next");
		assertThat(Files.readString(this.dir.resolve("access.log.1"))).hasSize(96);
	}

	@Test
	void aLineLongerThanTheSizeIsWrittenWhole() throws Exception {
		Path file = this.dir.resolve("access.log");
		try (RollingLog log = RollingLog.toFile(file, 10)) {
			log.writeLine("a line of more than ten characters");
		}
		assertThat(Files.readAllLines(file)).containsExactly("a line of more than ten characters");
	}

}
