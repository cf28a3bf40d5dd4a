package io.latticeshop.local.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.http.Exchange;
import io.latticeshop.local.http.HttpServer;

/**
 * The Lambda Runtime API (2018-06-01) of one execution environment, served on loopback.
 * Every environment of a function polls its own API, and all of them take invocations
 * from the function's one queue, so an invocation goes to whichever environment asks
 * first, exactly as in Lambda.
 */
final class RuntimeApi implements AutoCloseable {

	private static final String PREFIX = "/2018-06-01/runtime/";

	/** How long a {@code /next} poll waits before it checks whether the API closed. */
	private static final long POLL_MILLIS = 500;

	/** A queued event and where its outcome goes. */
	record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<Result> result) {
	}

	/** The function's answer: a response payload, or an error payload with its type. */
	record Result(byte[] payload, String errorType) {

		boolean failed() {
			return this.errorType != null;
		}

	}

	/** What the environment's owner hears about. */
	interface Events {

		/** The environment took an invocation and is busy until it answers. */
		void dispatched();

		/** The function answered an invocation it was given {@code nanos} ago. */
		void answered(Invocation invocation, long nanos);

		/** The environment will not answer an invocation it took (it died). */
		void abandoned();

	}

	private record Dispatched(Invocation invocation, long at) {
	}

	private final String functionArn;

	private final BlockingDeque<Invocation> queue;

	private final Events events;

	private final HttpServer server;

	private final Map<String, Dispatched> inFlight = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> initialized = new CompletableFuture<>();

	private volatile boolean closed;

	RuntimeApi(String functionArn, BlockingDeque<Invocation> queue, Events events) throws IOException {
		this.functionArn = functionArn;
		this.queue = queue;
		this.events = events;
		this.server = new HttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "lambda-runtime-api",
				this::handle);
		this.server.start();
	}

	/** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
	String address() {
		return "127.0.0.1:" + this.server.address().getPort();
	}

	/** Completes when the function first asks for work, or fails on an init error. */
	CompletableFuture<Void> initialized() {
		return this.initialized;
	}

	/** Whether the function took this invocation and has not answered it yet. */
	boolean working(String requestId) {
		return this.inFlight.containsKey(requestId);
	}

	/**
	 * Fails what this environment was working on and stops it taking more, e.g. when its
	 * process died. Queued invocations stay for the other environments.
	 */
	void fail(String errorType, String message) {
		this.closed = true;
		Result result = new Result(errorJson(errorType, message), errorType);
		this.initialized.completeExceptionally(new IllegalStateException(message));
		for (String requestId : this.inFlight.keySet()) {
			Dispatched dispatched = this.inFlight.remove(requestId);
			if (dispatched != null) {
				dispatched.invocation().result().complete(result);
				this.events.abandoned();
			}
		}
	}

	private void handle(Exchange exchange) throws IOException {
		String path = exchange.rawPath().startsWith(PREFIX) ? exchange.rawPath().substring(PREFIX.length()) : "";
		String method = exchange.method();
		if (method.equals("GET") && path.equals("invocation/next")) {
			next(exchange);
		}
		else if (method.equals("POST") && path.equals("init/error")) {
			String body = new String(exchange.body().readAllBytes(), StandardCharsets.UTF_8);
			this.initialized.completeExceptionally(new IllegalStateException("init error: " + body));
			respond(exchange, 202, "{\"status\":\"OK\"}");
		}
		else if (method.equals("POST") && path.startsWith("invocation/")
				&& (path.endsWith("/response") || path.endsWith("/error"))) {
			String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
			Dispatched dispatched = this.inFlight.remove(requestId);
			byte[] payload = exchange.body().readAllBytes();
			if (dispatched == null) {
				respond(exchange, 400, "{\"errorMessage\":\"unknown or finished request id\","
						+ "\"errorType\":\"InvalidRequestID\"}");
				return;
			}
			String errorType = null;
			if (path.endsWith("/error")) {
				errorType = exchange.header("lambda-runtime-function-error-type");
				errorType = (errorType != null) ? errorType : "Unhandled";
			}
			// Answer the runtime first: it polls for the next event only after this.
			respond(exchange, 202, "{\"status\":\"OK\"}");
			// The environment counts as free before its caller hears the answer, so a
			// caller's next request does not start another environment.
			this.events.answered(dispatched.invocation(), System.nanoTime() - dispatched.at());
			dispatched.invocation().result().complete(new Result(payload, errorType));
		}
		else {
			respond(exchange, 404, "{\"errorMessage\":\"not found\"}");
		}
	}

	private void next(Exchange exchange) throws IOException {
		this.initialized.complete(null);
		Invocation invocation = take();
		if (invocation == null) {
			return;
		}
		this.inFlight.put(invocation.requestId(), new Dispatched(invocation, System.nanoTime()));
		this.events.dispatched();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("application/json"));
		headers.put("Lambda-Runtime-Aws-Request-Id", List.of(invocation.requestId()));
		headers.put("Lambda-Runtime-Deadline-Ms", List.of(Long.toString(invocation.deadlineMillis())));
		headers.put("Lambda-Runtime-Invoked-Function-Arn", List.of(this.functionArn));
		headers.put("Lambda-Runtime-Trace-Id", List.of("Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
				+ "-" + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0"));
		try (OutputStream out = exchange.respond(200, headers, invocation.event().length)) {
			out.write(invocation.event());
		}
		catch (IOException ex) {
			// The environment went away between asking and receiving: another one takes
			// it.
			if (this.inFlight.remove(invocation.requestId()) != null) {
				this.events.abandoned();
				if (!invocation.result().isDone()) {
					this.queue.addFirst(invocation);
				}
			}
			throw ex;
		}
	}

	/** The next live invocation, or null once this API is closed. */
	private Invocation take() {
		try {
			while (!this.closed) {
				Invocation invocation = this.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (invocation != null && !invocation.result().isDone()) {
					if (this.closed) {
						this.queue.addFirst(invocation);
						return null;
					}
					return invocation;
				}
			}
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static void respond(Exchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		try (OutputStream out = exchange.respond(status, Map.of("Content-Type", List.of("application/json")),
				body.length)) {
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
		this.closed = true;
		this.server.close();
	}

}
