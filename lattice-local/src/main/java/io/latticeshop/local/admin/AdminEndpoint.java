package io.latticeshop.local.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.latticeshop.local.server.EndpointServer;
import io.latticeshop.local.server.Exchange;
import io.latticeshop.local.server.Limits;
import io.latticeshop.local.server.NettyRuntime;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import tools.jackson.databind.json.JsonMapper;

/**
 * lattice-local's admin endpoint: health, the latest requests and a live stream of them,
 * Lattice's metrics, the allow matrix, and the web console that shows them all. Read-only
 * and on loopback by default.
 */
public final class AdminEndpoint implements AutoCloseable {

	/** Streams open at once; a console tab holds one. */
	private static final int MAX_FOLLOWERS = 32;

	private static final Map<String, String> CONSOLE = Map.of("/", "index.html", "/index.html", "index.html",
			"/console.js", "console.js", "/console.css", "console.css");

	private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
			"text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

	private static final Set<String> METHODS = Set.of("GET", "HEAD");

	private final EndpointServer server;

	private final Supplier<Map<String, Object>> health;

	private final Supplier<Object> matrix;

	private final RequestRecorder recorder;

	private final LatticeMetrics metrics;

	public AdminEndpoint(NettyRuntime netty, InetSocketAddress address, Supplier<Map<String, Object>> health,
			Supplier<Object> matrix, RequestRecorder recorder, LatticeMetrics metrics) throws IOException {
		this.health = health;
		this.matrix = matrix;
		this.recorder = recorder;
		this.metrics = metrics;
		this.server = new EndpointServer(netty, address, "admin", Limits.DEFAULTS, this::handle);
	}

	public InetSocketAddress address() {
		return this.server.address();
	}

	private void handle(Exchange exchange) {
		String uri = exchange.request().uri();
		int question = uri.indexOf('?');
		String path = (question < 0) ? uri : uri.substring(0, question);
		if (!METHODS.contains(exchange.method())) {
			text(exchange, 405, "Method Not Allowed: the admin endpoint only reads\n");
			return;
		}
		switch (path) {
			case "/_lattice/health" -> {
				Map<String, Object> body = this.health.get();
				json(exchange, Boolean.TRUE.equals(body.get("ready")) ? 200 : 503, body);
			}
			case "/_lattice/requests" -> {
				String accept = exchange.headers().get(HttpHeaderNames.ACCEPT, "");
				if (accept.contains("text/event-stream")) {
					stream(exchange);
				}
				else {
					json(exchange, 200, Map.of("requests", this.recorder.latest()));
				}
			}
			case "/_lattice/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
					this.metrics.scrape().getBytes(StandardCharsets.UTF_8));
			case "/_lattice/matrix" -> json(exchange, 200, this.matrix.get());
			default -> console(exchange, path);
		}
	}

	/** Server-sent events: one {@code data:} line of JSON per request, as each ends. */
	private void stream(Exchange exchange) {
		if (this.recorder.followers() >= MAX_FOLLOWERS) {
			text(exchange, 503, "Service Unavailable: " + MAX_FOLLOWERS + " streams are open already\n");
			return;
		}
		HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		head.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
			.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
		exchange.respond(head);
		exchange.write(new DefaultHttpContent(Unpooled.copiedBuffer(": following\n\n", StandardCharsets.UTF_8)));
		Consumer<RecordedRequest> listener = (request) -> {
			byte[] event = ("data: " + JsonMapper.shared().writeValueAsString(request) + "\n\n")
				.getBytes(StandardCharsets.UTF_8);
			exchange.eventLoop().execute(() -> {
				// A console that cannot keep up loses events rather than growing the
				// buffer.
				if (exchange.writable()) {
					exchange.write(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
				}
			});
		};
		this.recorder.follow(listener);
		ScheduledFuture<?> heartbeat = exchange.eventLoop()
			.scheduleAtFixedRate(
					() -> exchange.write(
							new DefaultHttpContent(Unpooled.copiedBuffer(": still here\n\n", StandardCharsets.UTF_8))),
					15, 15, TimeUnit.SECONDS);
		exchange.finished().whenComplete((done, failure) -> {
			this.recorder.unfollow(listener);
			heartbeat.cancel(false);
		});
	}

	private void console(Exchange exchange, String path) {
		String file = CONSOLE.get(path);
		if (file == null) {
			text(exchange, 404, "Not Found: the admin endpoint serves /, /_lattice/health, /_lattice/requests, "
					+ "/_lattice/metrics and /_lattice/matrix\n");
			return;
		}
		try (InputStream in = AdminEndpoint.class.getResourceAsStream("/console/" + file)) {
			if (in == null) {
				text(exchange, 404, "Not Found: the console is not in this build\n");
				return;
			}
			String extension = file.substring(file.lastIndexOf('.') + 1);
			respond(exchange, 200, TYPES.get(extension), in.readAllBytes());
		}
		catch (IOException ex) {
			text(exchange, 500, "Internal Server Error: cannot read the console: " + ex.getMessage() + "\n");
		}
	}

	private static void json(Exchange exchange, int status, Object body) {
		respond(exchange, status, "application/json", JsonMapper.shared().writeValueAsBytes(body));
	}

	private static void text(Exchange exchange, int status, String body) {
		respond(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
	}

	private static void respond(Exchange exchange, int status, String type, byte[] body) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, type)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
			.set("x-content-type-options", "nosniff");
		exchange.respond(response);
	}

	@Override
	public void close() {
		this.server.close();
	}

}
