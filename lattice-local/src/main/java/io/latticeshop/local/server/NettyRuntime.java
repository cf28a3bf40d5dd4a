package io.latticeshop.local.server;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every endpoint, Runtime API and target connection of one lattice-local
 * share: the native epoll transport where it loads, NIO otherwise. A request and its
 * connection to the target stay on one loop, so a hop costs no thread switch.
 */
public final class NettyRuntime implements AutoCloseable {

	private final EventLoopGroup acceptors;

	private final EventLoopGroup workers;

	private final boolean epoll;

	public NettyRuntime() {
		this(Runtime.getRuntime().availableProcessors());
	}

	public NettyRuntime(int threads) {
		this.epoll = Epoll.isAvailable();
		IoHandlerFactory io = this.epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lattice-accept", true), io);
		this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("lattice-io", true), io);
	}

	public EventLoopGroup acceptors() {
		return this.acceptors;
	}

	public EventLoopGroup workers() {
		return this.workers;
	}

	public Class<? extends ServerChannel> serverChannel() {
		return this.epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
	}

	public Class<? extends Channel> socketChannel() {
		return this.epoll ? EpollSocketChannel.class : NioSocketChannel.class;
	}

	/** {@code epoll} or {@code nio}. */
	public String transport() {
		return this.epoll ? "epoll" : "nio";
	}

	@Override
	public void close() {
		this.acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
