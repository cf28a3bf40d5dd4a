import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * Plays the Lambda Java runtime once: constructs the handler (the init phase), hands it one
 * event (the first invoke) and prints wall-clock instants so the caller, which knows when
 * it launched this JVM, can compute the time to the first answer.
 *
 * Usage: ColdStartDriver handler-class event-file
 */
public final class ColdStartDriver {

	public static void main(String[] args) throws Exception {
		byte[] event = Files.readAllBytes(Path.of(args[1]));
		RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
			.newInstance();
		long initDone = epochNanos();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		handler.handleRequest(new ByteArrayInputStream(event), output, null);
		long answered = epochNanos();
		String response = output.toString(StandardCharsets.UTF_8);
		// Read only after the clock stopped: the management classes are not free to load.
		long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
		System.out.println("initDoneEpochNanos=" + initDone + " answeredEpochNanos=" + answered + " jvmUptimeMs="
				+ uptimeMs + " status=" + status(response));
	}

	private static long epochNanos() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	private static String status(String response) {
		int at = response.indexOf("\"statusCode\":");
		return (at < 0) ? "none" : response.substring(at + 13, Math.min(response.length(), at + 16));
	}

}
