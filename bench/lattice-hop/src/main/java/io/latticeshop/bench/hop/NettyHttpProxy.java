package io.latticeshop.bench.hop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

import io.latticeshop.local.server.NettyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
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
 * data plane, not of its HTTP engine. Runs as a process of its own, on lattice-local's
 * own transport and event loops ({@code NettyRuntime}):
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
		// lattice-local's own choice of transport and its event loops: given none, the
		// first of io_uring, epoll and NIO that loads and starts.
		NettyRuntime netty = NettyRuntime.start(Runtime.getRuntime().availableProcessors(),
				Arrays.stream(NettyRuntime.Transport.values())
					.filter((transport) -> transport.label().equals(wanted))
					.findFirst());
		Class<? extends Channel> clientChannel = netty.socketChannel();
		Channel server = new ServerBootstrap().group(netty.acceptors(), netty.workers())
			.channel(netty.serverChannel())
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
		System.out.println(((InetSocketAddress) server.localAddress()).getPort() + " " + netty.transport().label());
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
