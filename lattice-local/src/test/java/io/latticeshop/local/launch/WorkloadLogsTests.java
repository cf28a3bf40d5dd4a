package io.latticeshop.local.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda's execution environments each take a sink of their function's one file; the file
 * is rolled by counting every environment's lines, not each one's alone.
 */
class WorkloadLogsTests {

	@TempDir
	Path dir;

	@Test
	void sinksOfOneWorkloadShareTheWriterThatRollsItsFile() throws Exception {
		WorkloadLogs logs = WorkloadLogs.inDirectory(this.dir, 60);
		Consumer<String> first = logs.sink("lambda-orders", "");
		Consumer<String> second = logs.sink("lambda-orders", "#1 ");

		for (int i = 1; i <= 3; i++) {
			first.accept("first environment " + i);
		}
		second.accept("second environment 1");

		assertThat(Files.readAllLines(this.dir.resolve("lambda-orders.log.1"))).containsExactly("first environment 1",
				"first environment 2", "first environment 3");
		assertThat(Files.readAllLines(this.dir.resolve("lambda-orders.log"))).containsExactly("second environment 1");
	}

}
