package io.latticeshop.local.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.server.NettyRuntime;
import io.latticeshop.local.template.Topology.HealthCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A target group's health checks, as Lattice runs them: a GET of the check's path on a
 * connection of its own every interval, for each target; the answer must match the
 * matcher within the timeout. A target is {@code INITIAL} until its first check passes,
 * {@code UNHEALTHY} after the unhealthy threshold of failures in a row, {@code HEALTHY}
 * again after the healthy threshold of successes in a row. An {@code INITIAL} target is
 * checked every second rather than every interval, so a workload that has just started
 * gets traffic at once.
 */
public final class HealthChecker implements AutoCloseable {

	/** Failed checks, a second apart, after which a target still INITIAL is named. */
	private static final int INITIAL_FAILURES_NAMED = 10;

	private final HttpTarget target;

	private final HealthCheck check;

	private final Duration interval;

	private final Duration timeout;

	private final int healthyThreshold;

	private final int unhealthyThreshold;

	private final NettyRuntime netty;

	private final java.util.List<ScheduledFuture<?>> schedules = new java.util.ArrayList<>();

	private volatile boolean closed;

	public HealthChecker(HttpTarget target, HealthCheck check, Duration interval, Duration timeout,
			int healthyThreshold, int unhealthyThreshold, NettyRuntime netty) {
		this.target = target;
		this.check = check;
		this.interval = interval;
		this.timeout = timeout;
		this.healthyThreshold = healthyThreshold;
		this.unhealthyThreshold = unhealthyThreshold;
		this.netty = netty;
	}

	public void start() {
		for (HttpTarget.Member member : this.target.members()) {
			member.state(HttpTarget.State.INITIAL);
			EventLoop loop = this.netty.workers().next();
			Probe probe = new Probe(member, loop);
			loop.execute(probe::run);
		}
	}

	/** The checks of one target, and its run of successes or failures. */
	private final class Probe {

		private final HttpTarget.Member member;

		private final EventLoop loop;

		private int successes;

		private int failures;

		Probe(HttpTarget.Member member, EventLoop loop) {
			this.member = member;
			this.loop = loop;
		}

		void run() {
			if (HealthChecker.this.closed) {
				return;
			}
			check(this.member, this.loop).addListener((done) -> {
				boolean passed = Boolean.TRUE.equals(done.getNow());
				record(passed);
				Duration wait = (this.member.state() == HttpTarget.State.INITIAL) ? Duration.ofSeconds(1)
						: HealthChecker.this.interval;
				ScheduledFuture<?> next = this.loop.schedule(this::run, wait.toMillis(), TimeUnit.MILLISECONDS);
				synchronized (HealthChecker.this.schedules) {
					HealthChecker.this.schedules.removeIf(java.util.concurrent.Future::isDone);
					HealthChecker.this.schedules.add(next);
				}
			});
		}

		private void record(boolean passed) {
			HttpTarget.State before = this.member.state();
			if (passed) {
				this.successes++;
				this.failures = 0;
				if (before == HttpTarget.State.INITIAL || (before == HttpTarget.State.UNHEALTHY
						&& this.successes >= HealthChecker.this.healthyThreshold)) {
					this.member.state(HttpTarget.State.HEALTHY);
				}
			}
			else {
				this.failures++;
				this.successes = 0;
				if (before == HttpTarget.State.INITIAL && this.failures == INITIAL_FAILURES_NAMED) {
					// Likely a wrong port in the binding, or a workload that has not
					// started.
					System.err.println("lattice-local: target " + this.member.ipPort() + " has not passed a health "
							+ "check (GET " + HealthChecker.this.check.path() + ") in " + INITIAL_FAILURES_NAMED
							+ " s; requests routed to it get 503 until it does");
				}
				if (before == HttpTarget.State.HEALTHY && this.failures >= HealthChecker.this.unhealthyThreshold) {
					this.member.state(HttpTarget.State.UNHEALTHY);
					this.member.drain();
				}
			}
			if (this.member.state() != before) {
				System.err.println("lattice-local: target " + this.member.ipPort() + " is " + this.member.state()
						+ " (health check GET " + HealthChecker.this.check.path() + ")");
			}
		}

	}

	/** One check: completes with whether the target answered as the matcher wants. */
	private io.netty.util.concurrent.Promise<Boolean> check(HttpTarget.Member member, EventLoop loop) {
		io.netty.util.concurrent.Promise<Boolean> result = loop.newPromise();
		ChannelFuture connecting = new Bootstrap().group(loop)
			.channel(this.netty.socketChannel())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.timeout.toMillis())
			.handler(new ChannelInitializer<>() {

				@Override
				protected void initChannel(Channel ch) {
					ch.pipeline().addLast(new HttpClientCodec()).addLast(new SimpleChannelInboundHandler<HttpObject>() {

						@Override
						protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
							if (msg instanceof HttpResponse response) {
								result.trySuccess(
										!response.decoderResult().isFailure() && matches(response.status().code()));
								ctx.close();
							}
						}

						@Override
						public void channelInactive(ChannelHandlerContext ctx) {
							result.trySuccess(false);
						}

						@Override
						public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
							result.trySuccess(false);
							ctx.close();
						}

					});
				}

			})
			.connect(member.host(), member.port());
		connecting.addListener((ChannelFuture connected) -> {
			if (!connected.isSuccess()) {
				result.trySuccess(false);
				return;
			}
			DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
					this.check.path());
			request.headers()
				.set(HttpHeaderNames.HOST, member.ipPort())
				.set(HttpHeaderNames.USER_AGENT, "lattice-local health check")
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			connected.channel().writeAndFlush(request);
		});
		ScheduledFuture<?> deadline = loop.schedule(() -> {
			if (result.trySuccess(false)) {
				connecting.channel().close();
			}
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		result.addListener((done) -> deadline.cancel(false));
		return result;
	}

	/** The matcher: one code, a range such as {@code 200-299}, or a list of either. */
	boolean matches(int status) {
		for (String part : this.check.matcher().split(",")) {
			String code = part.trim();
			int dash = code.indexOf('-');
			try {
				if (dash > 0) {
					int low = Integer.parseInt(code.substring(0, dash).trim());
					int high = Integer.parseInt(code.substring(dash + 1).trim());
					if (status >= low && status <= high) {
						return true;
					}
				}
				else if (!code.isEmpty() && Integer.parseInt(code) == status) {
					return true;
				}
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this.schedules) {
			this.schedules.forEach((schedule) -> schedule.cancel(false));
		}
	}

}
