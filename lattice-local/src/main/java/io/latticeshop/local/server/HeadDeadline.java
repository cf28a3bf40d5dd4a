package io.latticeshop.local.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Bounds the time from a request's first byte to the end of its head on an HTTP/1.1
 * connection: a client that sends its head a byte at a time gets a 408 and a closed
 * connection. Sits in front of the HTTP codec, where the first byte is seen; the
 * connection's handler says when the head is complete and when the exchange is over.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {

	private static final String REASON = "Request Timeout: the request head did not arrive in time\n";

	private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
			+ "connection: close\r\ncontent-length: " + REASON.length() + "\r\n\r\n" + REASON)
		.getBytes(StandardCharsets.US_ASCII);

	private final long timeoutNanos;

	private boolean waiting;

	private boolean inRequest;

	private ScheduledFuture<?> timer;

	HeadDeadline(Limits limits) {
		this.timeoutNanos = limits.headTimeout().toNanos();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (LingeringClose.closing(ctx.channel())) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!this.waiting && !this.inRequest) {
			this.waiting = true;
			this.timer = ctx.executor().schedule(() -> expire(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		super.channelRead(ctx, msg);
	}

	private void expire(ChannelHandlerContext ctx) {
		if (!this.waiting || ctx.pipeline().get(Http2FrameCodec.class) != null) {
			return;
		}
		ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT))
			.addListener((written) -> LingeringClose.close(ctx.channel()));
	}

	/** The head has arrived. */
	void headComplete() {
		this.waiting = false;
		this.inRequest = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	/** The exchange is over: the next byte starts a new head. */
	void exchangeOver() {
		this.inRequest = false;
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		super.channelInactive(ctx);
	}

}
