package io.latticeshop.local.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One request and its response, on an HTTP/1.1 connection or an HTTP/2 stream. Every
 * method runs on the connection's event loop. The request's head is all a handler sees at
 * first: it decides from the head alone, and asks for the body ({@link #body}) only once
 * the request is allowed, so a refused client can make lattice-local hold nothing. A
 * response given while the body is still unread closes the connection instead of reading
 * the rest.
 */
public final class Exchange {

	/** Why a body was not delivered. */
	public static final class BodyException extends Exception {

		private final int status;

		BodyException(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

		/**
		 * 400 (broken framing, client gone), 408 (too slow), 413 (too large) or 431 (a
		 * trailer of too many fields).
		 */
		public int status() {
			return this.status;
		}

	}

	private final Channel channel;

	private final HttpRequest request;

	private final boolean http2;

	private final Limits limits;

	private final Runnable onFinished;

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	private CompositeByteBuf body;

	private long bodyLimit;

	private long bodyBytes;

	private boolean requestEnded;

	private CompletableFuture<ByteBuf> bodyFuture;

	private BodyException bodyFailure;

	private long bodyStartedNanos;

	private ScheduledFuture<?> bodyCheck;

	private boolean responseStarted;

	/** The response's last byte has left: handed to the kernel, not merely queued. */
	private boolean responseWritten;

	private boolean closeAfter;

	private Runnable whenWritable;

	Exchange(Channel channel, HttpRequest request, boolean http2, Limits limits, Runnable onFinished) {
		this.channel = channel;
		this.request = request;
		this.http2 = http2;
		this.limits = limits;
		this.onFinished = onFinished;
		this.closeAfter = !http2 && !HttpUtil.isKeepAlive(request);
		this.requestEnded = !expectsBody(request);
		if (request instanceof FullHttpRequest full && full.content().isReadable()) {
			// An HTTP/2 upgrade request arrives whole.
			this.body = channel.alloc().compositeBuffer();
			this.body.addComponent(true, full.content().retain());
			this.bodyBytes = this.body.readableBytes();
		}
	}

	/**
	 * The connection cannot be trusted with another request once this one is answered.
	 */
	public void closeWhenDone() {
		this.closeAfter = true;
	}

	private static boolean expectsBody(HttpRequest request) {
		// A head the decoder refused (a Content-Length that is no number among them) has
		// no body to wait for: it is answered and the connection closed.
		if (request instanceof LastHttpContent || request.decoderResult().isFailure()) {
			return false;
		}
		return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
	}

	private static BodyException tooLarge(long limit) {
		return new BodyException(413, "Payload Too Large: the request body may be " + limit + " bytes at most");
	}

	/** The connection: the channel itself, or an HTTP/2 stream's parent. */
	private Channel connection() {
		return this.http2 ? this.channel.parent() : this.channel;
	}

	public HttpRequest request() {
		return this.request;
	}

	public HttpHeaders headers() {
		return this.request.headers();
	}

	public String method() {
		return this.request.method().name();
	}

	/** {@code HTTP/1.1} or {@code HTTP/2.0}, as Lattice's access log writes it. */
	public String protocol() {
		return this.http2 ? "HTTP/2.0" : this.request.protocolVersion().text();
	}

	public boolean http2() {
		return this.http2;
	}

	public InetSocketAddress remoteAddress() {
		return (InetSocketAddress) connection().remoteAddress();
	}

	/** The connection's event loop (an HTTP/2 stream runs on its connection's). */
	public EventLoop eventLoop() {
		return connection().eventLoop();
	}

	/**
	 * The whole body, once it has arrived, at most {@code limit} bytes; fails with a
	 * {@link BodyException}. Answers a client that expects {@code 100 Continue}.
	 */
	public CompletableFuture<ByteBuf> body(long limit) {
		this.bodyLimit = limit;
		this.bodyFuture = new CompletableFuture<>();
		if (this.bodyFailure != null) {
			this.bodyFuture.completeExceptionally(this.bodyFailure);
			return this.bodyFuture;
		}
		long declared = HttpUtil.getContentLength(this.request, -1L);
		if (declared > limit || this.bodyBytes > limit) {
			this.bodyFuture.completeExceptionally(tooLarge(limit));
			return this.bodyFuture;
		}
		if (this.requestEnded) {
			this.bodyFuture.complete(this.body != null ? this.body : Unpooled.EMPTY_BUFFER);
			this.body = null;
			return this.bodyFuture;
		}
		if (!this.http2 && HttpUtil.is100ContinueExpected(this.request)) {
			this.channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
		}
		if (this.body == null) {
			this.body = this.channel.alloc().compositeBuffer(1024);
		}
		startBodyClock();
		return this.bodyFuture;
	}

	/** The body must keep to the minimum rate once its grace has passed. */
	private void startBodyClock() {
		if (this.bodyCheck != null || this.requestEnded) {
			return;
		}
		this.bodyStartedNanos = System.nanoTime();
		this.bodyCheck = this.channel.eventLoop().scheduleAtFixedRate(this::checkBodyRate, 1, 1, TimeUnit.SECONDS);
	}

	private void checkBodyRate() {
		if (this.requestEnded) {
			this.bodyCheck.cancel(false);
			return;
		}
		double seconds = (System.nanoTime() - this.bodyStartedNanos) / 1e9;
		double allowed = this.limits.bodyGrace().toMillis() / 1000.0
				+ (double) this.bodyBytes / this.limits.minBodyRate();
		if (seconds > allowed) {
			this.bodyCheck.cancel(false);
			failBody(new BodyException(408,
					"Request Timeout: the request body arrived slower than " + this.limits.minBodyRate() + " bytes/s"));
		}
	}

	/** Part of the request body; called by the connection's handler. */
	void content(HttpContent content) {
		try {
			if (this.bodyFailure != null || this.requestEnded) {
				return;
			}
			int size = content.content().readableBytes();
			this.bodyBytes += size;
			if (this.bodyFuture != null && this.bodyBytes > this.bodyLimit) {
				failBody(tooLarge(this.bodyLimit));
				return;
			}
			if (this.bodyFuture != null && size > 0) {
				this.body.addComponent(true, content.content().retain());
			}
			if (content instanceof LastHttpContent) {
				this.requestEnded = true;
				if (this.bodyCheck != null) {
					this.bodyCheck.cancel(false);
				}
				if (this.bodyFuture != null) {
					CompositeByteBuf whole = this.body;
					this.body = null;
					this.bodyFuture.complete(whole);
				}
				else if (this.responseWritten) {
					// Answered before the body: the connection carries on now that the
					// request has ended. A response still being written finishes the
					// exchange when it is written: on io_uring a write completes later
					// than it is flushed, and closing first would lose it.
					finish();
				}
			}
		}
		finally {
			ReferenceCountUtil.release(content);
		}
	}

	/** The connection broke or framing failed before the body ended. */
	void failBody(BodyException failure) {
		if (this.bodyFailure != null || this.requestEnded) {
			return;
		}
		this.bodyFailure = failure;
		this.closeAfter = true;
		if (this.body != null) {
			this.body.release();
			this.body = null;
		}
		if (this.bodyFuture != null) {
			this.bodyFuture.completeExceptionally(failure);
		}
	}

	boolean requestEnded() {
		return this.requestEnded;
	}

	public boolean responseStarted() {
		return this.responseStarted;
	}

	/** Completes once the response has been written, or the exchange was aborted. */
	public CompletableFuture<Void> finished() {
		return this.finished;
	}

	/** Starts the response: status and headers, the body to follow. */
	public void respond(HttpResponse head) {
		if (this.responseStarted) {
			throw new IllegalStateException("the response has started");
		}
		this.responseStarted = true;
		if (!this.requestEnded) {
			// Not worth reading a body nobody will use: close once answered.
			this.closeAfter = true;
		}
		if (!this.http2) {
			boolean hasLength = head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
					|| head instanceof FullHttpResponse;
			int code = head.status().code();
			boolean bodiless = code < 200 || code == 204 || code == 304;
			if (!hasLength && !bodiless) {
				if (this.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
					HttpUtil.setTransferEncodingChunked(head, true);
				}
				else {
					this.closeAfter = true;
				}
			}
			if (this.closeAfter) {
				head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			else if (!this.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
				head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			}
		}
		if (head instanceof FullHttpResponse) {
			this.channel.writeAndFlush(head).addListener(this::ended);
		}
		else {
			this.channel.write(head);
		}
	}

	/** Part of the response body. */
	public void write(HttpContent content) {
		this.channel.writeAndFlush(content);
	}

	/** The end of the response, with trailers if any. */
	public void end(LastHttpContent last) {
		this.channel.writeAndFlush(last).addListener(this::ended);
	}

	/** A whole plain-text response, {@code text} followed by a newline unless empty. */
	public void respond(int status, String text, String requestId) {
		ByteBuf body = text.isEmpty() ? Unpooled.EMPTY_BUFFER
				: Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.valueOf(status), body);
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
		response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		if (requestId != null) {
			response.headers().set("x-amzn-requestid", requestId);
		}
		respond(response);
	}

	private void ended(io.netty.util.concurrent.Future<? super Void> write) {
		if (!write.isSuccess()) {
			abort();
			return;
		}
		this.responseWritten = true;
		if (this.requestEnded || this.closeAfter) {
			finish();
		}
	}

	private void finish() {
		if (this.finished.isDone()) {
			return;
		}
		release();
		if (this.closeAfter) {
			if (this.http2) {
				this.channel.close();
			}
			else {
				LingeringClose.close(this.channel);
			}
		}
		this.finished.complete(null);
		this.onFinished.run();
	}

	/**
	 * Ends the exchange without a proper response: the connection closes (HTTP/1.1) or
	 * the stream is reset (HTTP/2), so the client knows what it got is incomplete.
	 */
	public void abort() {
		this.closeAfter = true;
		release();
		this.channel.close();
		if (!this.finished.isDone()) {
			this.finished.complete(null);
			this.onFinished.run();
		}
	}

	private void release() {
		if (this.bodyCheck != null) {
			this.bodyCheck.cancel(false);
		}
		if (this.body != null) {
			this.body.release();
			this.body = null;
		}
	}

	/** Whether the client takes more response now; see {@link #whenWritable}. */
	public boolean writable() {
		return this.channel.isWritable();
	}

	/** Runs once, when the client can take more again. */
	public void whenWritable(Runnable action) {
		if (this.channel.isWritable()) {
			action.run();
		}
		else {
			this.whenWritable = action;
		}
	}

	void writabilityChanged() {
		if (this.whenWritable != null && this.channel.isWritable()) {
			Runnable action = this.whenWritable;
			this.whenWritable = null;
			action.run();
		}
	}

	/** The client went away. */
	void closed() {
		failBody(new BodyException(400, "Bad Request: the client closed the connection before the body ended"));
		if (!this.finished.isDone()) {
			release();
			this.finished.complete(null);
		}
		this.whenWritable = null;
	}

	boolean closeAfter() {
		return this.closeAfter;
	}

}
