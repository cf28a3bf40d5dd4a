package io.latticeshop.local.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;

/**
 * An HTTP server on Netty for one address: HTTP/1.1, and HTTP/2 over cleartext, by prior
 * knowledge or by {@code Upgrade: h2c}. Every request reaches the handler as an
 * {@link Exchange}, whatever the protocol, once its head is complete and within the
 * {@link Limits}.
 */
public final class EndpointServer implements AutoCloseable {

	private final Channel channel;

	private final ConnectionCap cap;

	public EndpointServer(NettyRuntime netty, InetSocketAddress address, String name, Limits limits,
			RequestHandler handler) throws IOException {
		this.cap = new ConnectionCap(limits.maxConnections(), name);
		ServerBootstrap bootstrap = new ServerBootstrap().group(netty.acceptors(), netty.workers())
			.channel(netty.serverChannel())
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					configure(ch.pipeline(), limits, handler);
				}

			});
		try {
			this.channel = bootstrap.bind(address).syncUninterruptibly().channel();
		}
		catch (Exception ex) {
			String where = address.getHostString() + ":" + address.getPort();
			if (ex instanceof BindException || ex.getCause() instanceof BindException
					|| String.valueOf(ex.getMessage()).contains("Address already in use")) {
				throw new IOException(where + " is in use: " + ex.getMessage(), ex);
			}
			throw new IOException("cannot listen on " + where + ": " + ex.getMessage(), ex);
		}
	}

	private void configure(ChannelPipeline pipeline, Limits limits, RequestHandler handler) {
		HeadDeadline headDeadline = new HeadDeadline(limits);
		HttpServerCodec http1 = new HttpServerCodec(
				new HttpDecoderConfig().setMaxInitialLineLength(limits.maxRequestLineBytes())
					.setMaxHeaderSize(limits.maxHeaderBytes())
					.setMaxChunkSize(64 * 1024));
		HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, (protocol) -> {
			if (AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
				return new Http2ServerUpgradeCodec(http2Codec(limits), http2Streams(limits, handler));
			}
			return null;
		}, 64 * 1024);
		pipeline.addLast("cap", this.cap)
			.addLast("idle", new IdleStateHandler(limits.idleTimeout().toSeconds(), 0, 0, TimeUnit.SECONDS))
			.addLast("head-deadline", headDeadline)
			.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					ch.pipeline().replace(this, "h2", http2Codec(limits));
					ch.pipeline().addAfter("h2", "h2-streams", http2Streams(limits, handler));
				}

			}))
			.addLast("http1", new Http1Connection(limits, handler, headDeadline));
	}

	private static Http2FrameCodec http2Codec(Limits limits) {
		return Http2FrameCodecBuilder.forServer()
			.initialSettings(Http2Settings.defaultSettings()
				.maxConcurrentStreams(limits.maxConcurrentStreams())
				.maxHeaderListSize(limits.maxHeaderBytes()))
			.validateHeaders(true)
			.build();
	}

	private static Http2MultiplexHandler http2Streams(Limits limits, RequestHandler handler) {
		return new Http2MultiplexHandler(new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel stream) {
				stream.pipeline()
					.addLast(new Http2StreamFrameToHttpObjectCodec(true))
					.addLast(new Http2Stream(limits, handler));
			}

		});
	}

	public InetSocketAddress address() {
		return (InetSocketAddress) this.channel.localAddress();
	}

	/** Connections open now. */
	public int openConnections() {
		return this.cap.open();
	}

	/**
	 * Connections accepted since the server started, those closed over the cap included.
	 */
	public long acceptedConnections() {
		return this.cap.accepted();
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
	}

}
