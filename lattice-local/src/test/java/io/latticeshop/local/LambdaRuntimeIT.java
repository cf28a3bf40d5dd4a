package io.latticeshop.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.lambda.EchoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny handler zipped like a real function and run in its own JVM by the real runtime
 * interface client, behind a listener that routes {@code /v1} to a V1 target group and
 * everything else to a V2 one. Handler, memory, timeout and environment come from the
 * template's function; the binding overrides some of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaRuntimeIT {

	@TempDir
	static Path dir;

	static final ByteArrayOutputStream output = new ByteArrayOutputStream();

	static PrintStream originalErr;

	static LatticeLocal local;

	static URI base;

	static final SignedClient anonymous = new SignedClient(SignedClient.http(), "us-east-1", null, null);

	@BeforeAll
	static void start() throws Exception {
		Path zip = dir.resolve("echo.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			String name = EchoHandler.class.getName().replace('.', '/') + ".class";
			out.putNextEntry(new ZipEntry(name));
			try (var in = EchoHandler.class.getClassLoader().getResourceAsStream(name)) {
				in.transferTo(out);
			}
			out.closeEntry();
		}
		Path binding = dir.resolve("echo.yaml");
		Files.writeString(binding, """
				region: us-east-1
				template: %s
				accessLog: access.log
				services:
				  echo: { listen: 127.0.0.1:0 }
				targets:
				  Echo/V2Targets:
				    lambda: { zip: echo.zip, env: { OVERRIDDEN: binding }, maxConcurrency: 2 }
				  EchoStack/Echo/V1Targets/Resource:
				    timeout: 2s
				    lambda: { zip: echo.zip, memoryMb: 192 }
				""".formatted(Path.of("src/test/resources/EchoStack.template.json").toAbsolutePath()));
		originalErr = System.err;
		System.setErr(new PrintStream(new Tee(originalErr, output), true, StandardCharsets.UTF_8));
		local = new LatticeLocal();
		local.start(BindingReader.read(binding));
		base = URI.create("http://127.0.0.1:" + local.addresses().get("echo").getPort());
	}

	@Test
	@Order(100)
	void whatItUnpackedIsRemovedWhenItStops() {
		List<Path> unpacked = local.unpacked();
		assertThat(unpacked).isNotEmpty().allSatisfy((path) -> assertThat(path).exists());
		local.close();
		local = null;
		assertThat(unpacked).allSatisfy((path) -> assertThat(path).doesNotExist());
	}

	@AfterAll
	static void stop() {
		if (local != null) {
			local.close();
		}
		System.setErr(originalErr);
	}

	@Test
	@Order(1)
	void v2EventCarriesMethodPathQueryHeadersAndTextBodyAndTheResponseComesBack() throws Exception {
		HttpResponse<String> response = anonymous.send("POST", base.resolve("/orders?tag=a&tag=b%20c"),
				"application/json", "{\"sku\":\"SKU-1\"}", "x-test", "abc");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("version=V2", "method=POST", "path=/orders", "query={tag=[a, b c]}",
				"x-test=list[abc]", "base64=false", "identity=ANONYMOUS", "body={\"sku\":\"SKU-1\"}");
		assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
		// The template's function settings, with the binding's override.
		assertThat(response.headers().firstValue("x-function-name")).hasValue("EchoStack-EchoFunctionC0DE0005");
		assertThat(response.headers().firstValue("x-memory-mb")).hasValue("256");
		assertThat(response.headers().firstValue("x-greeting")).hasValue("hello from us-east-1");
		assertThat(response.headers().firstValue("x-overridden")).hasValue("binding");
		assertThat(response.headers().firstValue("x-unresolvable")).hasValue("null");
	}

	@Test
	@Order(2)
	void binaryRequestBodiesArriveBase64EncodedAndBase64ResponsesAreDecoded() throws Exception {
		HttpResponse<String> echoed = anonymous.httpClient()
			.send(anonymous.request("PUT", base.resolve("/blob"), "application/octet-stream",
					new byte[] { 0, 1, 2, (byte) 0xff }), HttpResponse.BodyHandlers.ofString());
		assertThat(echoed.body()).contains("base64=true", "body=AAEC/w==");
		HttpResponse<byte[]> binary = anonymous.httpClient()
			.send(anonymous.request("GET", base.resolve("/binary"), null, null),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(binary.statusCode()).isEqualTo(200);
		assertThat(binary.body()).containsExactly(0, 1, 2, 0xff);
		assertThat(binary.headers().firstValue("content-type")).hasValue("application/octet-stream");
	}

	@Test
	@Order(3)
	void v1EventHasRawPathWithQueryAndCommaJoinedHeaders() throws Exception {
		HttpResponse<String> response = anonymous.send("GET", base.resolve("/v1/items?q=a&q=b"), null, null, "x-test",
				"one", "x-test", "two");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("version=V1", "method=GET", "path=/v1/items?q=a&q=b", "query={q=b}",
				"x-test=one, two", "base64=false", "body=null");
		assertThat(response.headers().firstValue("x-memory-mb")).hasValue("192");
		assertThat(response.headers().firstValue("x-overridden")).hasValue("template");
	}

	@Test
	@Order(4)
	void aHandlerExceptionIsA502AndEveryInvocationGetsAReportLine() throws Exception {
		HttpResponse<String> response = anonymous.send("GET", base.resolve("/fail"), null, null);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("failed", "IllegalStateException", "the handler failed on purpose");
		assertThat(accessLogLine("\"requestPath\":\"/fail\"")).contains("\"requestPath\":\"/fail\"",
				"\"responseCode\":502", "\"targetIpPort\":\"lambda:Echo/V2Targets\"");
		String err = output.toString(StandardCharsets.UTF_8);
		assertThat(err).containsPattern(
				"REPORT RequestId: [0-9a-f-]{36}\tDuration: \\d+ ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB");
		assertThat(err.lines().filter((line) -> line.contains("Init Duration")).count()).isEqualTo(2);
	}

	@Test
	@Order(5)
	void aFunctionSlowerThanItsTimeoutIsA504AndItsEnvironmentIsStopped() throws Exception {
		// The V1 function's one warm environment, which the slow call below lands on too.
		long pid = Long.parseLong(anonymous.send("GET", base.resolve("/v1/items"), null, null)
			.headers()
			.firstValue("x-pid")
			.orElseThrow());
		long started = System.nanoTime();
		HttpResponse<String> response = anonymous.send("GET", base.resolve("/v1/slow"), null, null);
		assertThat(response.statusCode()).isEqualTo(504);
		// Not before the timeout, and long before the handler's 15 s would be over.
		assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_900L, 12_000L);
		// Left alone, the handler would finish its 15 s and take the next request.
		ProcessHandle environment = ProcessHandle.of(pid).orElse(null);
		if (environment != null) {
			assertThat(environment.onExit()).succeedsWithin(Duration.ofSeconds(10));
		}
		HttpResponse<String> next = anonymous.send("GET", base.resolve("/v1/items"), null, null);
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(next.headers().firstValue("x-pid")).isNotEqualTo(Optional.of(Long.toString(pid)));
	}

	@Test
	@Order(6)
	void concurrentInvocationsRunOnTheirOwnEnvironmentsUpToTheConcurrencyLimit() throws Exception {
		List<HttpResponse<String>> pair = concurrently(2);
		Set<String> pids = pids(pair);
		// Each call holds its environment for 2 s; the two ran at the same time, each in
		// its own, whatever the machine's load made of the wall-clock time around them.
		assertThat(pids).hasSize(2);
		assertThat(Math.max(header(pair.get(0), "x-began"), header(pair.get(1), "x-began")))
			.isLessThan(Math.min(header(pair.get(0), "x-ended"), header(pair.get(1), "x-ended")));
		assertThat(output.toString(StandardCharsets.UTF_8)).containsPattern(
				"\\[lambda Echo/V2Targets #1\\] REPORT RequestId: [0-9a-f-]{36}\tDuration: \\d+ ms.*Init Duration: \\d+ ms");
		// maxConcurrency: 2, so a third concurrent call waits for one of the two.
		List<HttpResponse<String>> three = concurrently(3);
		assertThat(pids).containsAll(pids(three));
	}

	@Test
	@Order(7)
	void aResponseHttpCannotCarryIsA502NamingWhatIsWrong() throws Exception {
		HttpResponse<String> badBase64 = anonymous.send("GET", base.resolve("/bad-base64"), null, null);
		assertThat(badBase64.statusCode()).isEqualTo(502);
		assertThat(badBase64.body()).contains("isBase64Encoded: true with a body that is not base64");
		HttpResponse<String> badHeader = anonymous.send("GET", base.resolve("/bad-header"), null, null);
		assertThat(badHeader.statusCode()).isEqualTo(502);
		assertThat(badHeader.body()).contains("returned a header HTTP cannot carry", "bad header");
		HttpResponse<String> badStatus = anonymous.send("GET", base.resolve("/bad-status"), null, null);
		assertThat(badStatus.statusCode()).isEqualTo(502);
		assertThat(badStatus.body()).contains("returned statusCode 42 (expected 200-599)");
	}

	@Test
	@Order(8)
	void aBodyOverLambdasSixMegabytesIsA413() throws Exception {
		HttpResponse<String> response = anonymous.send("POST", base.resolve("/big"), "text/plain",
				"x".repeat(6 * 1024 * 1024 + 1));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).startsWith("Payload Too Large");
	}

	@Test
	@Order(9)
	void aBrokenChunkedRequestBodyIsA400() throws Exception {
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("POST /broken HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
						+ "\r\nTransfer-Encoding: chunked\r\n" + "Connection: close\r\n\r\nzz\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(response).startsWith("HTTP/1.1 400 ").contains("Bad Request: the request body cannot be read");
		}
	}

	private static List<HttpResponse<String>> concurrently(int count) throws Exception {
		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					return anonymous.send("GET", base.resolve("/pause"), null, null);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, Executors.newVirtualThreadPerTaskExecutor()));
		}
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> call : calls) {
			HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			responses.add(response);
		}
		return responses;
	}

	private static long header(HttpResponse<String> response, String name) {
		return Long.parseLong(response.headers().firstValue(name).orElseThrow());
	}

	private static Set<String> pids(List<HttpResponse<String>> responses) {
		Set<String> pids = new HashSet<>();
		responses.forEach((response) -> pids.add(response.headers().firstValue("x-pid").orElseThrow()));
		return pids;
	}

	/**
	 * The line is written once the response is out, so the client may be a moment ahead.
	 */
	private static String accessLogLine(String containing) throws Exception {
		// Up to 10 s: a busy machine may be slow to schedule the writer, never this slow.
		for (int i = 0; i < 500; i++) {
			List<String> lines = Files.readAllLines(dir.resolve("access.log"));
			for (String line : lines) {
				if (line.contains(containing)) {
					return line;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no access log line with " + containing);
	}

	/** Keeps the console output while the test reads it. */
	private static final class Tee extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		Tee(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws java.io.IOException {
			this.first.write(b);
			synchronized (this.second) {
				this.second.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws java.io.IOException {
			this.first.write(b, off, len);
			synchronized (this.second) {
				this.second.write(b, off, len);
			}
		}

	}

}
