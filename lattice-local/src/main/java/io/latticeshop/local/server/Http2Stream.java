package io.latticeshop.local.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/2 stream, seen as HTTP/1.1-style messages: its exchange runs the same way as
 * on an HTTP/1.1 connection. A stream is reset when its exchange is aborted.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter {

	private final Limits limits;

	private final RequestHandler handler;

	private Exchange exchange;

	Http2Stream(Limits limits, RequestHandler handler) {
		this.limits = limits;
		this.handler = handler;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request && this.exchange == null) {
			start(ctx, request);
		}
		if (msg instanceof HttpContent content && this.exchange != null
				&& !(msg instanceof FullHttpRequest && this.exchange.requestEnded())) {
			this.exchange.content(content);
		}
		else {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
		if (evt instanceof UpgradeEvent upgrade) {
			// h2c by Upgrade: the request that asked for it is stream 1's.
			FullHttpRequest request = upgrade.upgradeRequest().retain();
			try {
				start(ctx, request);
			}
			finally {
				request.release();
			}
			return;
		}
		super.userEventTriggered(ctx, evt);
	}

	private void start(ChannelHandlerContext ctx, HttpRequest request) {
		Exchange started = new Exchange(ctx.channel(), request, true, this.limits, () -> {
		});
		this.exchange = started;
		Refusals.dispatch(started, this.limits, this.handler);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		if (this.exchange != null) {
			this.exchange.writabilityChanged();
		}
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.exchange != null) {
			this.exchange.closed();
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
