package io.latticeshop.local.lambda;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.latticeshop.local.server.NettyRuntime;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The Lambda Runtime API (2018-06-01) of one execution environment, served on loopback.
 * Every environment of a function polls its own API, and all of them take invocations
 * from the function's one {@link InvocationQueue}, so an invocation goes to whichever
 * environment asks first, exactly as in Lambda.
 *
 * <p>
 * Only the environment's own JVM may use it: its {@code AWS_LAMBDA_RUNTIME_API} carries a
 * secret path prefix, given to that process alone, and a request without it is refused.
 * One {@code next} may be outstanding at a time; a poll whose connection closed is
 * dropped, and an invocation that cannot be written to its poller goes back to the queue.
 */
final class RuntimeApi implements AutoCloseable {

	private static final String VERSION = "/2018-06-01/runtime/";

	/** Lambda's response limit (6 MB), with room for JSON framing. */
	private static final int MAX_PAYLOAD = 7 * 1024 * 1024;

	private static final SecureRandom RANDOM = new SecureRandom();

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

	private final InvocationQueue queue;

	private final Events events;

	private final String prefix;

	private final Channel server;

	private final Map<String, Dispatched> inFlight = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> initialized = new CompletableFuture<>();

	private volatile InvocationQueue.Poller outstanding;

	private volatile boolean closed;

	RuntimeApi(String functionArn, InvocationQueue queue, Events events, NettyRuntime netty) throws IOException {
		this.functionArn = functionArn;
		this.queue = queue;
		this.events = events;
		byte[] secret = new byte[16];
		RANDOM.nextBytes(secret);
		this.prefix = "/" + HexFormat.of().formatHex(secret);
		ServerBootstrap bootstrap = new ServerBootstrap().group(netty.acceptors(), netty.workers())
			.channel(netty.serverChannel())
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					ch.pipeline()
						.addLast(new HttpServerCodec())
						.addLast(new BoundedAggregator())
						.addLast(new Handler());
				}

			});
		try {
			this.server = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
				.syncUninterruptibly()
				.channel();
		}
		catch (Exception ex) {
			throw new IOException("cannot open a Lambda Runtime API on loopback: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The value of {@code AWS_LAMBDA_RUNTIME_API}: host, port and the secret prefix that
	 * the runtime client puts before every path.
	 */
	String address() {
		return "127.0.0.1:" + ((InetSocketAddress) this.server.localAddress()).getPort() + this.prefix;
	}

	/** host:port alone, without the secret. */
	InetSocketAddress socketAddress() {
		return (InetSocketAddress) this.server.localAddress();
	}

	/** Completes when the function first asks for work, or fails on an init error. */
	CompletableFuture<Void> initialized() {
		return this.initialized;
	}

	/** Whether the function is working on an invocation now. */
	boolean busy() {
		return !this.inFlight.isEmpty();
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
		InvocationQueue.Poller poller = this.outstanding;
		if (poller != null) {
			this.queue.cancel(poller);
		}
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

	/**
	 * Netty's aggregator, except that a body over {@link #MAX_PAYLOAD} is answered with
	 * 413 and the connection closed, before any of it is read: Netty's own keeps a
	 * keep-alive connection open and reads the refused body through, however long its
	 * sender makes it.
	 */
	private static final class BoundedAggregator extends HttpObjectAggregator {

		BoundedAggregator() {
			super(MAX_PAYLOAD);
		}

		@Override
		protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
			FullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
			tooLarge.headers()
				.setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
		}

	}

	private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
			String uri = request.uri();
			if (!uri.startsWith(RuntimeApi.this.prefix + VERSION)) {
				respond(ctx, request, 403, "{\"errorMessage\":\"this Runtime API belongs to another execution "
						+ "environment\",\"errorType\":\"Forbidden\"}");
				return;
			}
			String path = uri.substring(RuntimeApi.this.prefix.length() + VERSION.length());
			HttpMethod method = request.method();
			if (method.equals(HttpMethod.GET) && path.equals("invocation/next")) {
				next(ctx, request);
			}
			else if (method.equals(HttpMethod.POST) && path.equals("init/error")) {
				String body = request.content().toString(StandardCharsets.UTF_8);
				RuntimeApi.this.initialized.completeExceptionally(new IllegalStateException("init error: " + body));
				respond(ctx, request, 202, "{\"status\":\"OK\"}");
			}
			else if (method.equals(HttpMethod.POST) && path.startsWith("invocation/")
					&& (path.endsWith("/response") || path.endsWith("/error"))) {
				answer(ctx, request, path);
			}
			else {
				respond(ctx, request, 404, "{\"errorMessage\":\"not found\"}");
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

	private void next(ChannelHandlerContext ctx, FullHttpRequest request) {
		this.initialized.complete(null);
		InvocationQueue.Poller previous = this.outstanding;
		if (previous != null && previous.alive()) {
			respond(ctx, request, 409, "{\"errorMessage\":\"an invocation/next of this environment is already "
					+ "waiting\",\"errorType\":\"ConcurrentNext\"}");
			return;
		}
		if (this.closed) {
			ctx.close();
			return;
		}
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		Channel channel = ctx.channel();
		InvocationQueue.Poller poller = new InvocationQueue.Poller() {

			@Override
			public boolean alive() {
				return channel.isActive() && !RuntimeApi.this.closed;
			}

			@Override
			public void deliver(Invocation invocation) {
				if (RuntimeApi.this.outstanding == this) {
					RuntimeApi.this.outstanding = null;
				}
				if (!alive() || invocation.result().isDone()) {
					RuntimeApi.this.queue.putBack(invocation);
					return;
				}
				RuntimeApi.this.inFlight.put(invocation.requestId(), new Dispatched(invocation, System.nanoTime()));
				RuntimeApi.this.events.dispatched();
				channel.writeAndFlush(invocationResponse(invocation, keepAlive)).addListener((written) -> {
					if (!written.isSuccess() && RuntimeApi.this.inFlight.remove(invocation.requestId()) != null) {
						// The environment went away between asking and receiving.
						RuntimeApi.this.events.abandoned();
						RuntimeApi.this.queue.putBack(invocation);
					}
				});
			}

		};
		this.outstanding = poller;
		channel.closeFuture().addListener((closed) -> this.queue.cancel(poller));
		this.queue.poll(poller);
	}

	private FullHttpResponse invocationResponse(Invocation invocation, boolean keepAlive) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				Unpooled.wrappedBuffer(invocation.event()));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, invocation.event().length)
			.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId())
			.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()))
			.set("Lambda-Runtime-Invoked-Function-Arn", this.functionArn)
			.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
					+ invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
		HttpUtil.setKeepAlive(response, keepAlive);
		return response;
	}

	private void answer(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
		String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
		Dispatched dispatched = this.inFlight.remove(requestId);
		if (dispatched == null) {
			respond(ctx, request, 400,
					"{\"errorMessage\":\"unknown or finished request id\",\"errorType\":\"InvalidRequestID\"}");
			return;
		}
		byte[] payload = ByteBufUtil.getBytes(request.content());
		String errorType = null;
		if (path.endsWith("/error")) {
			errorType = request.headers().get("lambda-runtime-function-error-type", "Unhandled");
		}
		// Answer the runtime first: it polls for the next event only after this.
		respond(ctx, request, 202, "{\"status\":\"OK\"}");
		// The environment counts as free before its caller hears the answer, so a
		// caller's next request does not start another environment.
		this.events.answered(dispatched.invocation(), System.nanoTime() - dispatched.at());
		dispatched.invocation().result().complete(new Result(payload, errorType));
	}

	private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, int status, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		HttpUtil.setKeepAlive(response, keepAlive);
		var written = ctx.writeAndFlush(response);
		if (!keepAlive) {
			written.addListener(ChannelFutureListener.CLOSE);
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
		InvocationQueue.Poller poller = this.outstanding;
		if (poller != null) {
			this.queue.cancel(poller);
		}
		this.server.close();
	}

}
