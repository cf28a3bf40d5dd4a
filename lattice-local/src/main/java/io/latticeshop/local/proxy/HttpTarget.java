package io.latticeshop.local.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.latticeshop.local.server.Exchange;
import io.latticeshop.local.server.NettyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Forwards to an INSTANCE, IP or ALB target: HTTP/1.1 over kept-alive connections, or
 * HTTP/2 over cleartext (prior knowledge) where the target group's protocol version is
 * {@code HTTP2} or {@code GRPC}, converting from whatever the client spoke. The request
 * goes on whole (its body was read before, as nginx buffers request bodies); the response
 * streams back as it arrives, paced by the client.
 *
 * <p>
 * Connections are kept per event loop, so a request and its target connection share a
 * thread. A pooled HTTP/1.1 connection that the target closed leaves the pool when the
 * close is seen; one closed in the moment it is reused gets an idempotent request sent
 * again once on a new connection, as a load balancer would. A target that does not take
 * the connection is 503, one that fails before its response 502, one slower than the
 * timeout 504; one that breaks off its response has the client's connection closed.
 */
public final class HttpTarget implements Target {

	/** Hop-by-hop headers, and those this client writes itself. */
	static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
			"content-length", "host", "expect", "http2-settings");

	static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
			"trailer", "upgrade");

	private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

	private static final int MAX_IDLE_PER_LOOP = 64;

	/**
	 * For headers copied from ones Netty has already validated, on their way in from the
	 * client or the target: validating them again is a cost on every request.
	 */
	static final HttpHeadersFactory TRUSTED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final int CONNECT_TIMEOUT_MILLIS = 5000;

	private final Duration timeout;

	private final boolean http2;

	private final long maxBodyBytes;

	private final NettyRuntime netty;

	private final List<Member> members;

	private final AtomicInteger next = new AtomicInteger();

	private final String name;

	/**
	 * @param protocolVersion the target group's: {@code HTTP1}, {@code HTTP2} or
	 * {@code GRPC}
	 */
	public HttpTarget(String name, List<URI> urls, Duration timeout, String protocolVersion, long maxBodyBytes,
			NettyRuntime netty) {
		this.name = name;
		this.timeout = timeout;
		this.http2 = !"HTTP1".equals(protocolVersion);
		this.maxBodyBytes = maxBodyBytes;
		this.netty = netty;
		List<Member> list = new ArrayList<>();
		for (URI url : urls) {
			list.add(new Member(url));
		}
		this.members = List.copyOf(list);
	}

	/** Each local target of the group. */
	public List<Member> members() {
		return this.members;
	}

	Duration timeout() {
		return this.timeout;
	}

	/** host:port of the one target, or of each, comma-separated. */
	public String ipPort() {
		return String.join(",", this.members.stream().map(Member::ipPort).toList());
	}

	@Override
	public CompletableFuture<Outcome> forward(ForwardedRequest request) {
		CompletableFuture<Outcome> outcome = new CompletableFuture<>();
		Member member = pick();
		if (member == null) {
			// Lattice routes only to healthy targets (target group health checks page).
			outcome.completeExceptionally(new TargetException(503,
					"Service Unavailable: target group " + this.name + " has no healthy target (" + states() + ")",
					ipPort()));
			return outcome;
		}
		Exchange exchange = request.exchange();
		exchange.body(this.maxBodyBytes).whenComplete((body, failure) -> {
			if (failure != null) {
				Exchange.BodyException bad = (Exchange.BodyException) failure;
				outcome.completeExceptionally(new TargetException(bad.status(), bad.getMessage(), member.ipPort()));
				return;
			}
			FullHttpRequest outgoing = outgoing(request, body, member);
			Call call = new Call(member, exchange, outgoing, IDEMPOTENT.contains(request.method()), outcome);
			member.send(call);
		});
		return outcome;
	}

	/** The next target that takes traffic, round robin; null when none does. */
	private Member pick() {
		int size = this.members.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			Member member = this.members.get((start + i) % size);
			if (member.state().routable()) {
				return member;
			}
		}
		return null;
	}

	private String states() {
		return String.join(", ", this.members.stream().map((m) -> m.ipPort() + " " + m.state()).toList());
	}

	/**
	 * The request as the target gets it: the forwarded request's headers, which this
	 * target takes over, less those that belong to one connection.
	 */
	private FullHttpRequest outgoing(ForwardedRequest request, ByteBuf body, Member member) {
		String uri = (request.rawQuery() != null) ? request.path() + "?" + request.rawQuery() : request.path();
		HttpHeaders headers = request.headers();
		boolean trailers = this.http2 && "trailers".equalsIgnoreCase(headers.get("te"));
		for (String name : NOT_FORWARDED) {
			headers.remove(name);
		}
		if (trailers) {
			// gRPC needs it, and HTTP/2 allows exactly this value.
			headers.add("te", "trailers");
		}
		headers.set(HttpHeaderNames.HOST, member.ipPort());
		if (body.isReadable() || !HttpMethod.GET.name().equals(request.method())) {
			headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		}
		return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), uri, body,
				headers, TRUSTED.newEmptyHeaders());
	}

	/**
	 * Lattice's target states: {@code INITIAL} until a first health check passes,
	 * {@code HEALTHY} or {@code UNHEALTHY} after, {@code UNAVAILABLE} where the group
	 * checks no health. Traffic goes to {@code HEALTHY} and {@code UNAVAILABLE} targets.
	 */
	public enum State {

		INITIAL, HEALTHY, UNHEALTHY, UNAVAILABLE;

		boolean routable() {
			return this == HEALTHY || this == UNAVAILABLE;
		}

	}

	/** One local target of the group: its connections and its health. */
	public final class Member {

		private final String host;

		private final int port;

		private final String ipPort;

		private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();

		private final Map<EventLoop, Channel> http2Connections = new ConcurrentHashMap<>();

		private volatile State state = State.UNAVAILABLE;

		Member(URI base) {
			this.host = base.getHost();
			this.port = (base.getPort() < 0) ? 80 : base.getPort();
			this.ipPort = this.host + ":" + this.port;
		}

		public String ipPort() {
			return this.ipPort;
		}

		public String host() {
			return this.host;
		}

		public int port() {
			return this.port;
		}

		public State state() {
			return this.state;
		}

		void state(State state) {
			this.state = state;
		}

		HttpTarget target() {
			return HttpTarget.this;
		}

		/** Sends on a pooled or new connection (HTTP/1.1) or a new stream (HTTP/2). */
		void send(Call call) {
			EventLoop loop = call.exchange().eventLoop();
			if (HttpTarget.this.http2) {
				sendOnStream(call, loop);
				return;
			}
			ArrayDeque<Channel> pool = this.idle.computeIfAbsent(loop, (key) -> new ArrayDeque<>());
			Channel pooled;
			while ((pooled = pool.pollLast()) != null) {
				if (pooled.isActive()) {
					call.start(pooled, true);
					return;
				}
			}
			connect(loop, new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					ch.pipeline().addLast(new HttpClientCodec(4096, 64 * 1024, 64 * 1024)).addLast(new ResponseRelay());
				}

			}).addListener((ChannelFuture connected) -> {
				if (!connected.isSuccess()) {
					call.failConnect(connected.cause());
					return;
				}
				Channel channel = connected.channel();
				channel.closeFuture().addListener((closed) -> pool.remove(channel));
				call.start(channel, false);
			});
		}

		private ChannelFuture connect(EventLoop loop, ChannelInitializer<Channel> initializer) {
			return new Bootstrap().group(loop)
				.channel(HttpTarget.this.netty.socketChannel())
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(initializer)
				.connect(this.host, this.port);
		}

		private void sendOnStream(Call call, EventLoop loop) {
			Channel connection = this.http2Connections.get(loop);
			if (connection != null && connection.isActive()) {
				openStream(call, connection);
				return;
			}
			connect(loop, new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					ch.pipeline()
						.addLast(Http2FrameCodecBuilder.forClient()
							.initialSettings(Http2Settings.defaultSettings().maxHeaderListSize(64 * 1024))
							.build())
						.addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
				}

			}).addListener((ChannelFuture connected) -> {
				if (!connected.isSuccess()) {
					call.failConnect(connected.cause());
					return;
				}
				Channel channel = connected.channel();
				Channel previous = this.http2Connections.put(loop, channel);
				if (previous != null && previous != channel) {
					previous.close();
				}
				channel.closeFuture().addListener((closed) -> this.http2Connections.remove(loop, channel));
				openStream(call, channel);
			});
		}

		private void openStream(Call call, Channel connection) {
			new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {

				@Override
				protected void initChannel(Http2StreamChannel stream) {
					stream.pipeline()
						.addLast(new Http2StreamFrameToHttpObjectCodec(false))
						.addLast(new ResponseRelay());
				}

			}).open().addListener((opened) -> {
				if (!opened.isSuccess()) {
					call.failConnect(opened.cause());
					return;
				}
				call.start((Channel) opened.getNow(), false);
			});
		}

		/** Takes back an HTTP/1.1 connection whose exchange ended cleanly. */
		void release(Channel channel) {
			if (HttpTarget.this.http2 || !channel.isActive()) {
				if (HttpTarget.this.http2) {
					channel.close();
				}
				return;
			}
			ArrayDeque<Channel> pool = this.idle.computeIfAbsent(channel.eventLoop(), (key) -> new ArrayDeque<>());
			if (pool.size() >= MAX_IDLE_PER_LOOP) {
				channel.close();
				return;
			}
			pool.addLast(channel);
		}

		/** Closes the pooled connections, e.g. once the target is found unhealthy. */
		void drain() {
			this.idle.values().forEach((pool) -> pool.forEach(Channel::close));
		}

	}

	static boolean refused(Throwable cause) {
		return cause instanceof ConnectException || cause instanceof ConnectTimeoutException;
	}

}
