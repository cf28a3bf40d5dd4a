package io.latticeshop.local.server;

import java.util.ArrayDeque;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection: one exchange at a time, in order. Requests a client pipelines
 * behind one still being answered wait, and reading stops until it is; a client that
 * pipelines without end is closed.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter {

	private static final int MAX_PIPELINED = 64;

	private final Limits limits;

	private final RequestHandler handler;

	private final HeadDeadline headDeadline;

	private final ArrayDeque<Object> pipelined = new ArrayDeque<>();

	private ChannelHandlerContext ctx;

	private Exchange current;

	private boolean draining;

	Http1Connection(Limits limits, RequestHandler handler, HeadDeadline headDeadline) {
		this.limits = limits;
		this.handler = handler;
		this.headDeadline = headDeadline;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof HttpObject)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (LingeringClose.closing(ctx.channel())) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (this.current != null && this.current.requestEnded()) {
			if (this.pipelined.size() >= MAX_PIPELINED) {
				ReferenceCountUtil.release(msg);
				ctx.close();
				return;
			}
			this.pipelined.add(msg);
			ctx.channel().config().setAutoRead(false);
			return;
		}
		dispatch(msg);
	}

	private void dispatch(Object msg) {
		if (msg instanceof HttpRequest request) {
			start(request);
		}
		if (msg instanceof HttpContent content) {
			if (this.current != null) {
				if (content.decoderResult().isFailure()) {
					this.current.failBody(new Exchange.BodyException(400,
							"Bad Request: the request body cannot be read: its framing is broken ("
									+ content.decoderResult().cause().getMessage() + ")"));
					ReferenceCountUtil.release(content);
				}
				else if (content instanceof LastHttpContent last
						&& last.trailingHeaders().size() > this.limits.maxHeaderCount()) {
					// A chunked body's trailer is held to the head's field count.
					this.current.failBody(new Exchange.BodyException(431,
							"Request Header Fields Too Large: a request's trailer may have "
									+ this.limits.maxHeaderCount() + " fields at most"));
					ReferenceCountUtil.release(content);
				}
				else {
					this.current.content(content);
				}
			}
			else {
				ReferenceCountUtil.release(content);
			}
		}
		else if (!(msg instanceof HttpRequest)) {
			ReferenceCountUtil.release(msg);
		}
	}

	private void start(HttpRequest request) {
		this.headDeadline.headComplete();
		Exchange exchange = new Exchange(this.ctx.channel(), request, false, this.limits, this::finished);
		this.current = exchange;
		Refusals.dispatch(exchange, this.limits, this.handler);
	}

	private void finished() {
		Exchange done = this.current;
		this.current = null;
		this.headDeadline.exchangeOver();
		if (done != null && done.closeAfter()) {
			this.pipelined.forEach(ReferenceCountUtil::release);
			this.pipelined.clear();
			return;
		}
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			while (this.current == null || !this.current.requestEnded()) {
				Object next = this.pipelined.poll();
				if (next == null) {
					break;
				}
				dispatch(next);
			}
		}
		finally {
			this.draining = false;
		}
		if (this.pipelined.isEmpty() && this.ctx.channel().isActive()) {
			this.ctx.channel().config().setAutoRead(true);
			this.ctx.read();
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		if (this.current != null) {
			this.current.writabilityChanged();
		}
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
		if (evt instanceof IdleStateEvent) {
			Http2FrameCodec http2 = ctx.pipeline().get(Http2FrameCodec.class);
			boolean busy = (http2 != null) ? http2.connection().numActiveStreams() > 0 : this.current != null;
			if (!busy) {
				ctx.close();
			}
			return;
		}
		super.userEventTriggered(ctx, evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.current != null) {
			this.current.closed();
		}
		this.pipelined.forEach(ReferenceCountUtil::release);
		this.pipelined.clear();
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// Resets and broken pipes from clients that went away: nothing to answer.
		ctx.close();
	}

}
