package io.latticeshop.local.accesslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.latticeshop.local.accesslog.AccessLogEntry.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessLogTests {

	@TempDir
	Path dir;

	@Test
	void aQuietLogWritesEachLineSoonAfterItIsQueued() throws Exception {
		Path file = this.dir.resolve("access.log");
		try (AccessLog log = AccessLog.toFile(file)) {
			for (int i = 1; i <= 3; i++) {
				log.write(new AccessLogEntry().put(Field.REQUEST_ID, "r-" + i));
				awaitLines(file, i);
				// Long enough for the writer to find the queue empty and wait, so that
				// the next entry has to wake it.
				Thread.sleep(100);
			}
		}
		assertThat(Files.readAllLines(file))
			.extracting((line) -> JsonMapper.shared().readTree(line).path("requestId").asString())
			.containsExactly("r-1", "r-2", "r-3");
	}

	@Test
	void closeWritesEveryQueuedEntryFromEveryThread() throws Exception {
		Path file = this.dir.resolve("access.log");
		int threads = 4;
		int perThread = 5_000;
		try (AccessLog log = AccessLog.toFile(file)) {
			List<Thread> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writers.add(Thread.ofPlatform().start(() -> {
					for (int i = 0; i < perThread; i++) {
						log.write(new AccessLogEntry().put(Field.REQUEST_ID, thread + "-" + i));
					}
				}));
			}
			for (Thread writer : writers) {
				writer.join();
			}
		}
		List<String> lines = Files.readAllLines(file);
		Set<String> ids = new HashSet<>();
		lines.forEach((line) -> ids.add(JsonMapper.shared().readTree(line).path("requestId").asString()));
		assertThat(lines).hasSize(threads * perThread);
		assertThat(ids).hasSize(threads * perThread);
	}

	@Test
	void everyLineHasEveryTextFieldAndOnlyTheNumbersTheRequestGotTo() throws Exception {
		Path file = this.dir.resolve("access.log");
		try (AccessLog log = AccessLog.toFile(file)) {
			log.write(new AccessLogEntry().put(Field.REQUEST_ID, "refused")
				.put(Field.AUTH_DENIED_REASON, "Identity")
				.put(Field.BYTES_SENT, 17)
				.put(Field.RESPONSE_CODE, 403)
				.put(Field.DURATION, 1));
		}
		JsonNode line = JsonMapper.shared().readTree(Files.readAllLines(file).get(0));
		List<String> names = new ArrayList<>(line.propertyNames());
		assertThat(names).containsExactly("startTime", "requestId", "serviceNetworkArn", "serviceArn", "targetGroupArn",
				"listenerType", "requestMethod", "requestPath", "protocol", "sourceIpPort", "hostHeader", "userAgent",
				"traceId", "callerPrincipal", "sourceVpcArn", "sourceVpcId", "authDeniedReason", "targetIpPort",
				"failureReason", "bytesSent", "responseCode", "duration");
		assertThat(line.path("authDeniedReason").asString()).isEqualTo("Identity");
		assertThat(line.path("targetIpPort").asString()).isEqualTo("-");
		assertThat(line.path("responseCode").isNumber()).isTrue();
	}

	@Test
	void aFieldTakesOnlyItsKindOfValue() {
		AccessLogEntry entry = new AccessLogEntry();
		assertThatIllegalArgumentException().isThrownBy(() -> entry.put(Field.RESPONSE_CODE, "200"));
		assertThatIllegalArgumentException().isThrownBy(() -> entry.put(Field.REQUEST_ID, 7));
	}

	private static void awaitLines(Path file, int expected) throws Exception {
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (Files.exists(file) && Files.readAllLines(file).size() >= expected) {
				return;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("line " + expected + " not written within 2 s: " + Files.readAllLines(file));
	}

}
