package io.latticeshop.local.server;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every endpoint, Runtime API and target connection of one lattice-local
 * share, on the first transport that loads: io_uring, then epoll, then NIO. A request and
 * its connection to the target stay on one loop, so a hop costs no thread switch.
 */
public final class NettyRuntime implements AutoCloseable {

	/**
	 * How the event loops talk to the kernel. io_uring submits a loop's reads and writes
	 * together and takes their completions together, where epoll makes a system call for
	 * each; on the hop, measured alternately, that is about a seventh less CPU per
	 * request, though the hop bench's throughput gain is within its run-to-run spread.
	 * Docker's default seccomp profile and {@code kernel.io_uring_disabled} turn io_uring
	 * off, so epoll stays the fallback.
	 */
	public enum Transport {

		IO_URING("io_uring", IoUring::isAvailable, IoUring::unavailabilityCause, IoUringIoHandler::newFactory,
				IoUringServerSocketChannel.class, IoUringSocketChannel.class),

		EPOLL("epoll", Epoll::isAvailable, Epoll::unavailabilityCause, EpollIoHandler::newFactory,
				EpollServerSocketChannel.class, EpollSocketChannel.class),

		NIO("nio", () -> true, () -> null, NioIoHandler::newFactory, NioServerSocketChannel.class,
				NioSocketChannel.class);

		private final String label;

		private final Supplier<Boolean> available;

		private final Supplier<Throwable> unavailabilityCause;

		private final Supplier<IoHandlerFactory> factory;

		private final Class<? extends ServerChannel> serverChannel;

		private final Class<? extends Channel> socketChannel;

		Transport(String label, Supplier<Boolean> available, Supplier<Throwable> unavailabilityCause,
				Supplier<IoHandlerFactory> factory, Class<? extends ServerChannel> serverChannel,
				Class<? extends Channel> socketChannel) {
			this.label = label;
			this.available = available;
			this.unavailabilityCause = unavailabilityCause;
			this.factory = factory;
			this.serverChannel = serverChannel;
			this.socketChannel = socketChannel;
		}

		/**
		 * {@code io_uring}, {@code epoll} or {@code nio}: as the command line names it.
		 */
		public String label() {
			return this.label;
		}

		/** Whether this transport loads on this machine. */
		public boolean available() {
			try {
				return this.available.get();
			}
			catch (LinkageError ex) {
				// A native library built for another architecture.
				return false;
			}
		}

		/** Why this transport does not load here, for a message. */
		public String unavailableBecause() {
			try {
				Throwable cause = this.unavailabilityCause.get();
				return (cause != null) ? String.valueOf(cause.getMessage()) : "unknown";
			}
			catch (LinkageError ex) {
				return ex.toString();
			}
		}

	}

	private final Transport transport;

	private final EventLoopGroup acceptors;

	private final EventLoopGroup workers;

	/**
	 * On {@code chosen}, or else on the first transport that loads and starts: a kernel
	 * may offer io_uring and still refuse a ring per event loop (locked-memory limits),
	 * and then epoll serves instead, with a warning.
	 */
	public static NettyRuntime start(int threads, Optional<Transport> chosen) {
		return start(chosen, (transport) -> new NettyRuntime(threads, transport));
	}

	static NettyRuntime start(Optional<Transport> chosen, Function<Transport, NettyRuntime> starter) {
		if (chosen.isPresent()) {
			return starter.apply(chosen.get());
		}
		RuntimeException failure = null;
		for (Transport transport : Transport.values()) {
			if (!transport.available()) {
				continue;
			}
			try {
				return starter.apply(transport);
			}
			catch (RuntimeException ex) {
				System.err.println("lattice-local: warning: " + transport.label() + " did not start (" + ex
						+ "); trying the next transport");
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * @throws IllegalStateException when the transport does not load here
	 */
	public NettyRuntime(int threads, Transport transport) {
		if (!transport.available()) {
			throw new IllegalStateException(
					transport.label() + " does not load on this machine: " + transport.unavailableBecause());
		}
		this.transport = transport;
		IoHandlerFactory io = transport.factory.get();
		this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lattice-accept", true), io);
		try {
			this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("lattice-io", true), io);
		}
		catch (RuntimeException ex) {
			this.acceptors.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			throw ex;
		}
	}

	public EventLoopGroup acceptors() {
		return this.acceptors;
	}

	public EventLoopGroup workers() {
		return this.workers;
	}

	public Class<? extends ServerChannel> serverChannel() {
		return this.transport.serverChannel;
	}

	public Class<? extends Channel> socketChannel() {
		return this.transport.socketChannel;
	}

	public Transport transport() {
		return this.transport;
	}

	@Override
	public void close() {
		this.acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
