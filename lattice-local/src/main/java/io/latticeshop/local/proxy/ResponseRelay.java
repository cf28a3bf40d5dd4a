package io.latticeshop.local.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler on a target connection or stream: hands what the target sends to the
 * call it belongs to. Bytes on an idle pooled connection belong to no call and close it.
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {

	Call call;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		try {
			Call current = this.call;
			if (current == null) {
				ctx.close();
				return;
			}
			if (msg instanceof HttpResponse response) {
				current.head(response);
			}
			if (msg instanceof HttpContent content) {
				current.content(content);
			}
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.call != null) {
			this.call.connectionLost(null);
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.call != null) {
			this.call.connectionLost(cause);
		}
		ctx.close();
	}

}
