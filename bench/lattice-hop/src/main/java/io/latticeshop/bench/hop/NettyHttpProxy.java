package io.latticeshop.bench.hop;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
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
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The engine alone, for {@link LatticeHopBench}: an HTTP/1.1 proxy made of nothing but
 * the Netty parts lattice-local is built on. Netty's HTTP codec and aggregator decode
 * each request, the same codecs send it to the target over a keep-alive connection of the
 * client connection's own, on the same event loop, and the answer goes back the same way.
 * There is no SigV4, no policy, no routing, no access log, no limit and no error
 * handling: what lattice-local costs beyond this proxy is the cost of being a Lattice
 * data plane, not of its HTTP engine. Runs as a process of its own, on as many event
 * loops as there are processors, like lattice-local:
 * {@code NettyHttpProxy <target port> [io_uring|epoll|nio]} prints the port it listens on
 * and the transport it runs on.
 */
final class NettyHttpProxy {

	private static final int MAX_MESSAGE = 1024 * 1024;

	private NettyHttpProxy() {
	}

	public static void main(String[] args) throws Exception {
		InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
		String wanted = (args.length > 1) ? args[1] : "";
		String transport;
		IoHandlerFactory io;
		Class<? extends ServerChannel> serverChannel;
		Class<? extends Channel> clientChannel;
		// As lattice-local chooses when not told: io_uring, then epoll, then NIO.
		if ((wanted.isEmpty() || wanted.equals("io_uring")) && IoUring.isAvailable()) {
			transport = "io_uring";
			io = IoUringIoHandler.newFactory();
			serverChannel = IoUringServerSocketChannel.class;
			clientChannel = IoUringSocketChannel.class;
		}
		else if (!wanted.equals("nio") && Epoll.isAvailable()) {
			transport = "epoll";
			io = EpollIoHandler.newFactory();
			serverChannel = EpollServerSocketChannel.class;
			clientChannel = EpollSocketChannel.class;
		}
		else {
			transport = "nio";
			io = NioIoHandler.newFactory();
			serverChannel = NioServerSocketChannel.class;
			clientChannel = NioSocketChannel.class;
		}
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
		Channel server = new ServerBootstrap().group(loops)
			.channel(serverChannel)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_MESSAGE),
								new ClientSide(target, clientChannel));
				}
			})
			.bind(InetAddress.getLoopbackAddress(), 0)
			.sync()
			.channel();
		System.out.println(((InetSocketAddress) server.localAddress()).getPort() + " " + transport);
		System.out.flush();
		Thread.currentThread().join();
	}

	/**
	 * One client connection: its requests go to the target over one connection of its
	 * own.
	 */
	private static final class ClientSide extends SimpleChannelInboundHandler<FullHttpRequest> {

		private final InetSocketAddress target;

		private final Class<? extends Channel> channelType;

		private Channel upstream;

		ClientSide(InetSocketAddress target, Class<? extends Channel> channelType) {
			this.target = target;
			this.channelType = channelType;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
			FullHttpRequest forwarded = request.retain();
			if (this.upstream != null) {
				this.upstream.writeAndFlush(forwarded);
				return;
			}
			Channel client = context.channel();
			new Bootstrap().group(client.eventLoop())
				.channel(this.channelType)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new ChannelInitializer<>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_MESSAGE),
									new SimpleChannelInboundHandler<FullHttpResponse>() {
										@Override
										protected void channelRead0(ChannelHandlerContext upstreamContext,
												FullHttpResponse response) {
											client.writeAndFlush(response.retain());
										}
									});
					}
				})
				.connect(this.target)
				.addListener((ChannelFutureListener) (connected) -> {
					if (!connected.isSuccess()) {
						forwarded.release();
						client.close();
						return;
					}
					this.upstream = connected.channel();
					client.closeFuture().addListener((closed) -> this.upstream.close());
					this.upstream.writeAndFlush(forwarded);
				});
		}

	}

}
