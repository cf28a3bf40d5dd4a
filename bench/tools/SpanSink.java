import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A trace collector that keeps nothing: it accepts Zipkin v2 span batches on
 * {@code POST /api/v2/spans}, counts the spans, answers {@code 202}, and writes the count to a
 * file every second. The order-flow bench sends traced orders' spans here so that it
 * measures what tracing costs the workloads, not what storing spans costs a trace server;
 * the count shows that spans were sent at all. Loopback only.
 *
 * java bench/tools/SpanSink.java <port> <count-file>
 * <p>
 * The bench's tracing row is judged only when spans arrived, so a sink that counted none
 * cannot pass for a cheap tracer.
 */
public class SpanSink {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path countFile = Path.of(args[1]);
		AtomicLong spans = new AtomicLong();
		AtomicLong batches = new AtomicLong();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/api/v2/spans", (exchange) -> {
			try (exchange; InputStream body = exchange.getRequestBody()) {
				if (!"POST".equals(exchange.getRequestMethod())) {
					exchange.sendResponseHeaders(405, -1);
					return;
				}
				// Batches arrive plain or, from an exporter left at its default, gzipped.
				boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
				spans.addAndGet(count((gzip ? new GZIPInputStream(body) : body).readAllBytes()));
				batches.incrementAndGet();
				exchange.sendResponseHeaders(202, -1);
			}
		});
		server.start();
		Thread writer = Thread.ofPlatform().daemon().start(() -> {
			while (true) {
				try {
					Thread.sleep(1000);
					Files.writeString(countFile, "{\"spans\": " + spans.get() + ", \"batches\": " + batches.get() + "}");
				}
				catch (InterruptedException | IOException ex) {
					return;
				}
			}
		});
		System.out.println("span sink listening on 127.0.0.1:" + port);
		writer.join();
	}

	// A JSON array of span objects, each with one "traceId"; no need to parse it whole.
	static long count(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		long count = 0;
		for (int at = text.indexOf("\"traceId\""); at >= 0; at = text.indexOf("\"traceId\"", at + 1)) {
			count++;
		}
		return count;
	}

}
