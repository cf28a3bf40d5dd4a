import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One cold start through the Lambda Runtime API (2018-06-01): serves the API on loopback,
 * launches a fresh JVM running the real runtime interface client ({@code AWSLambda}) on the
 * unpacked zip with the environment lattice-local gives a LAMBDA target, hands it one event
 * on its first {@code /invocation/next} and times launch → that request (Lambda's "Init
 * Duration") → the function's response. Self-contained rather than lattice-local's
 * {@code RuntimeApi}, so that the benchmark does not depend on that module's internals.
 * <p>
 * Usage: {@code RuntimeApiColdStart event-file classpath handler [jvm-flag...]}; prints
 * {@code initMs=<n> firstAnswerMs=<n> status=<code>} and stops the function's JVM.
 */
public final class RuntimeApiColdStart {

	private static final String REQUEST_ID = "0f9e8d7c-6b5a-4321-9fed-cba987654321";

	public static void main(String[] args) throws Exception {
		byte[] event = Files.readAllBytes(Path.of(args[0]));
		String classpath = args[1];
		String handler = args[2];
		CompletableFuture<Long> asked = new CompletableFuture<>();
		CompletableFuture<String> answer = new CompletableFuture<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/2018-06-01/runtime/", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				byte[] body = exchange.getRequestBody().readAllBytes();
				if (path.endsWith("/invocation/next")) {
					if (!asked.complete(System.nanoTime())) {
						// The benchmark is over after one event; the JVM is about to be stopped.
						Thread.sleep(Long.MAX_VALUE);
					}
					var headers = exchange.getResponseHeaders();
					headers.set("Content-Type", "application/json");
					headers.set("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
					headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
					headers.set("Lambda-Runtime-Invoked-Function-Arn",
							"arn:aws:lambda:us-east-1:000000000000:function:order-processor");
					headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
					send(exchange, 200, event);
				}
				else if (path.endsWith("/" + REQUEST_ID + "/response")) {
					answer.complete(new String(body, StandardCharsets.UTF_8));
					send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
				}
				else {
					answer.complete("error at " + path + ": " + new String(body, StandardCharsets.UTF_8));
					send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		server.start();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(args).subList(3, args.length));
		command.addAll(List.of("-cp", classpath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> env = builder.environment();
		env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
		env.put("AWS_LAMBDA_FUNCTION_NAME", "order-processor");
		env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
		env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
		env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/order-processor");
		env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/cold-start");
		env.put("AWS_REGION", "us-east-1");
		env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
		env.put("LAMBDA_TASK_ROOT", classpath.split(File.pathSeparator)[0]);
		env.put("_HANDLER", handler);
		env.put("TZ", ":UTC");
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
		long launched = System.nanoTime();
		Process process = builder.start();
		process.onExit().thenRun(() -> answer.complete("the function's JVM exited"));
		String response;
		long answered;
		try {
			response = answer.get(120, TimeUnit.SECONDS);
			answered = System.nanoTime();
		}
		finally {
			// SIGTERM, so that a training run (-XX:ArchiveClassesAtExit) writes its
			// archive; on a timeout too, so that no function JVM outlives the bench.
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			server.stop(0);
		}
		int at = response.indexOf("\"statusCode\":");
		String status = (at < 0) ? "none" : response.substring(at + 13, Math.min(response.length(), at + 16));
		System.out.println("initMs=" + (asked.getNow(answered) - launched) / 1_000_000 + " firstAnswerMs="
				+ (answered - launched) / 1_000_000 + " status=" + status);
		System.exit(0);
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
