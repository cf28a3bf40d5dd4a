package io.latticeshop.local.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts an endpoint's open connections and closes any beyond the cap at once, so that a
 * flood of connections costs a file descriptor for a moment and the endpoint keeps
 * serving the connections it has.
 */
@Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {

	private final int max;

	private final String name;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private volatile long lastWarning;

	ConnectionCap(int max, String name) {
		this.max = max;
		this.name = name;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.accepted.incrementAndGet();
		if (this.open.incrementAndGet() > this.max) {
			long now = System.nanoTime();
			if (now - this.lastWarning > 10_000_000_000L) {
				this.lastWarning = now;
				System.err.println("lattice-local: " + this.name + " has " + this.max
						+ " connections open, its limit; closing new ones until some close");
			}
			ctx.close();
			return;
		}
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.open.decrementAndGet();
		super.channelInactive(ctx);
	}

	int open() {
		return this.open.get();
	}

	long accepted() {
		return this.accepted.get();
	}

}
