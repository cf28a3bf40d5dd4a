package io.latticeshop.local.server;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;

/**
 * Closes a connection whose client may still be sending, so that the client reads the
 * answer first: the output is shut down at once (the client sees the end of the
 * response), and whatever arrives during the next second is read and dropped before the
 * connection closes. Closing at once, with unread bytes, makes the kernel reset the
 * connection, and the client loses the answer it was about to read.
 */
final class LingeringClose {

	private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("lattice-closing");

	private LingeringClose() {
	}

	static void close(Channel channel) {
		if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
			channel.close();
			return;
		}
		channel.attr(CLOSING).set(Boolean.TRUE);
		channel.config().setAutoRead(true);
		duplex.shutdownOutput()
			.addListener((done) -> channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS));
	}

	/** Whether what the channel reads now is only to be dropped. */
	static boolean closing(Channel channel) {
		return Boolean.TRUE.equals(channel.attr(CLOSING).get());
	}

}
