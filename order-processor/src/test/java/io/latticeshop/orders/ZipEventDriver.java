package io.latticeshop.orders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Plays the Lambda runtime for {@link LambdaZipIT}: run in a fresh JVM whose class path
 * is the unpacked zip plus this one class, it invokes the handler the way the managed
 * Java runtime does and prints one response per line. It must use nothing from the test
 * class path.
 */
public final class ZipEventDriver {

	private ZipEventDriver() {
	}

	public static void main(String[] eventFiles) throws Exception {
		FunctionInvoker handler = new FunctionInvoker();
		for (String eventFile : eventFiles) {
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(eventFile))), output, null);
			System.out.println("RESPONSE " + output.toString(StandardCharsets.UTF_8));
		}
	}

}
