package io.latticeshop.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API (2018-06-01) that the runtime interface client polls, served on
 * loopback for one function. Invocations wait in a queue until the function asks for the
 * next one, exactly as in Lambda's execution environment.
 */
final class RuntimeApi implements AutoCloseable {

	private static final String PREFIX = "/2018-06-01/runtime/";

	/** A queued event and where its outcome goes. */
	record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<Result> result) {
	}

	/** The function's answer: a response payload, or an error payload with its type. */
	record Result(byte[] payload, String errorType) {

		boolean failed() {
			return this.errorType != null;
		}

	}

	private final String functionArn;

	private final HttpServer server;

	private final LinkedBlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();

	private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> initialized = new CompletableFuture<>();

	RuntimeApi(String functionArn) throws IOException {
		this.functionArn = functionArn;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext(PREFIX, this::handle);
		this.server.start();
	}

	/** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
	String address() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Completes when the function first asks for work, or fails on an init error. */
	CompletableFuture<Void> initialized() {
		return this.initialized;
	}

	void submit(Invocation invocation) {
		this.queue.add(invocation);
	}

	/** Fails everything pending, e.g. when the function's process died. */
	void failAll(String errorType, String message) {
		Result result = new Result(errorJson(errorType, message), errorType);
		this.initialized.completeExceptionally(new IllegalStateException(message));
		Invocation queued;
		while ((queued = this.queue.poll()) != null) {
			queued.result().complete(result);
		}
		this.inFlight.values().forEach((invocation) -> invocation.result().complete(result));
		this.inFlight.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
			String method = exchange.getRequestMethod();
			if (method.equals("GET") && path.equals("invocation/next")) {
				next(exchange);
			}
			else if (method.equals("POST") && path.equals("init/error")) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.initialized.completeExceptionally(new IllegalStateException("init error: " + body));
				respond(exchange, 202, "{\"status\":\"OK\"}");
			}
			else if (method.equals("POST") && path.startsWith("invocation/")
					&& (path.endsWith("/response") || path.endsWith("/error"))) {
				String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
				Invocation invocation = this.inFlight.remove(requestId);
				byte[] payload = exchange.getRequestBody().readAllBytes();
				if (invocation == null) {
					respond(exchange, 400, "{\"errorMessage\":\"unknown or finished request id\","
							+ "\"errorType\":\"InvalidRequestID\"}");
					return;
				}
				String errorType = null;
				if (path.endsWith("/error")) {
					errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
					errorType = (errorType != null) ? errorType : "Unhandled";
				}
				invocation.result().complete(new Result(payload, errorType));
				respond(exchange, 202, "{\"status\":\"OK\"}");
			}
			else {
				respond(exchange, 404, "{\"errorMessage\":\"not found\"}");
			}
		}
	}

	private void next(HttpExchange exchange) throws IOException {
		this.initialized.complete(null);
		Invocation invocation;
		try {
			do {
				invocation = this.queue.poll(1, TimeUnit.HOURS);
			}
			while (invocation == null || invocation.result().isDone());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.inFlight.put(invocation.requestId(), invocation);
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "application/json");
		headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
		headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
		headers.set("Lambda-Runtime-Invoked-Function-Arn", this.functionArn);
		headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
				+ invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
		exchange.sendResponseHeaders(200, invocation.event().length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(invocation.event());
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody(); InputStream ignored = exchange.getRequestBody()) {
			out.write(body);
		}
	}

	static byte[] errorJson(String type, String message) {
		return ("{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + message.replace("\\", "\\\\").replace("\"", "'")
				+ "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
