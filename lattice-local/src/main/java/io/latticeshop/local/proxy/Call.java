package io.latticeshop.local.proxy;

import java.nio.channels.ClosedChannelException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.proxy.Target.ClientGoneException;
import io.latticeshop.local.proxy.Target.Outcome;
import io.latticeshop.local.proxy.Target.ResponseCutShortException;
import io.latticeshop.local.proxy.Target.TargetException;
import io.latticeshop.local.server.Exchange;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One request to an HTTP target and its response on the way back to the client. Runs on
 * the client's event loop, which the target connection shares.
 */
final class Call {

	private final HttpTarget.Member target;

	private final Exchange exchange;

	private final FullHttpRequest request;

	private final boolean idempotent;

	private final CompletableFuture<Outcome> outcome;

	private Channel channel;

	private boolean reused;

	private boolean retried;

	private boolean started;

	private boolean done;

	private boolean keepAlive;

	private int status;

	private long bytes;

	private long sentNanos;

	private long firstByteNanos;

	private ScheduledFuture<?> timer;

	Call(HttpTarget.Member target, Exchange exchange, FullHttpRequest request, boolean idempotent,
			CompletableFuture<Outcome> outcome) {
		this.target = target;
		this.exchange = exchange;
		this.request = request;
		this.idempotent = idempotent;
		this.outcome = outcome;
		exchange.finished().thenRun(this::clientGone);
	}

	Exchange exchange() {
		return this.exchange;
	}

	void start(Channel channel, boolean reused) {
		if (this.done) {
			this.target.release(channel);
			return;
		}
		this.channel = channel;
		this.reused = reused;
		channel.pipeline().get(ResponseRelay.class).call = this;
		this.sentNanos = System.nanoTime();
		this.timer = channel.eventLoop()
			.schedule(this::timedOut, this.target.target().timeout().toMillis(), TimeUnit.MILLISECONDS);
		channel.writeAndFlush(this.request.retainedDuplicate()).addListener((written) -> {
			if (!written.isSuccess()) {
				connectionLost(written.cause());
			}
		});
	}

	/** What the target sends from now on belongs to no call. */
	private void detach() {
		this.channel.pipeline().get(ResponseRelay.class).call = null;
	}

	void failConnect(Throwable cause) {
		if (this.done) {
			return;
		}
		String message = HttpTarget.refused(cause)
				? "Service Unavailable: the target " + this.target.ipPort()
						+ " refused or did not accept the connection"
				: "Service Unavailable: cannot connect to the target " + this.target.ipPort() + ": "
						+ cause.getMessage();
		fail(new TargetException(503, message, this.target.ipPort()));
	}

	void head(HttpResponse response) {
		if (this.done) {
			return;
		}
		if (response.decoderResult().isFailure()) {
			connectionLost(response.decoderResult().cause());
			return;
		}
		int code = response.status().code();
		if (code >= 100 && code < 200) {
			return;
		}
		this.timer.cancel(false);
		this.started = true;
		this.firstByteNanos = System.nanoTime();
		this.status = code;
		this.keepAlive = HttpUtil.isKeepAlive(response);
		// The target's head goes on to the client, less what belongs to the target's
		// connection, and less Netty's x-http2-* extension headers, which would steer the
		// client's HTTP/2 stream (any target may send them).
		HttpHeaders headers = response.headers();
		for (String name : HttpTarget.NOT_RETURNED) {
			headers.remove(name);
		}
		if (hasHttp2Extension(headers)) {
			for (String name : List.copyOf(headers.names())) {
				if (ForwardedRequest.isHttp2Extension(name)) {
					headers.remove(name);
				}
			}
		}
		this.exchange.respond(new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), headers));
	}

	private static boolean hasHttp2Extension(HttpHeaders headers) {
		Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
		while (entries.hasNext()) {
			if (ForwardedRequest.isHttp2Extension(entries.next().getKey())) {
				return true;
			}
		}
		return false;
	}

	void content(HttpContent content) {
		if (this.done || !this.started) {
			return;
		}
		this.bytes += content.content().readableBytes();
		if (content instanceof LastHttpContent last) {
			DefaultLastHttpContent end = new DefaultLastHttpContent(last.content().retain());
			last.trailingHeaders().forEach((header) -> end.trailingHeaders().add(header.getKey(), header.getValue()));
			this.done = true;
			detach();
			this.exchange.end(end);
			if (this.keepAlive) {
				this.target.release(this.channel);
			}
			else {
				this.channel.close();
			}
			this.request.release();
			long now = System.nanoTime();
			this.outcome.complete(new Outcome(this.status, this.bytes, this.target.ipPort(),
					(this.firstByteNanos - this.sentNanos) / 1_000_000, (now - this.firstByteNanos) / 1_000_000));
			return;
		}
		this.exchange.write(new DefaultHttpContent(content.content().retain()));
		if (!this.exchange.writable()) {
			// The client reads slower than the target writes: stop reading the target.
			Channel from = this.channel;
			from.config().setAutoRead(false);
			this.exchange.whenWritable(() -> {
				from.config().setAutoRead(true);
				from.read();
			});
		}
	}

	void connectionLost(Throwable cause) {
		if (this.done) {
			return;
		}
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.channel != null) {
			detach();
			this.channel.close();
		}
		if (!this.started) {
			if (this.reused && this.idempotent && !this.retried) {
				// The target closed a kept-alive connection as it was reused.
				this.retried = true;
				this.target.send(this);
				return;
			}
			String why = (cause instanceof ClosedChannelException || cause == null) ? "closed the connection"
					: cause.getMessage();
			fail(new TargetException(502, "Bad Gateway: the target " + this.target.ipPort() + " failed: " + why,
					this.target.ipPort()));
			return;
		}
		this.done = true;
		this.request.release();
		this.exchange.abort();
		this.outcome.completeExceptionally(new ResponseCutShortException(
				"the target " + this.target.ipPort() + " broke off its response", this.target.ipPort()));
	}

	private void timedOut() {
		if (this.done || this.started) {
			return;
		}
		detach();
		this.channel.close();
		fail(new TargetException(504, "Gateway Timeout: the target " + this.target.ipPort() + " did not answer within "
				+ this.target.target().timeout().toMillis() / 1000.0 + "s", this.target.ipPort()));
	}

	private void clientGone() {
		if (this.done) {
			return;
		}
		this.done = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.channel != null) {
			this.channel.close();
		}
		this.request.release();
		this.outcome.completeExceptionally(new ClientGoneException("the client went away before the response ended"));
	}

	private void fail(TargetException failure) {
		this.done = true;
		this.request.release();
		this.outcome.completeExceptionally(failure);
	}

}
