package io.latticeshop.local.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.latticeshop.local.server.NettyRuntime.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which transport the event loops get: the first that loads and starts, unless one was
 * asked for.
 */
class NettyRuntimeTests {

	@Test
	void aTransportThatLoadsButDoesNotStartGivesWayToTheNext() {
		assumeTrue(Arrays.stream(Transport.values()).filter(Transport::available).count() >= 2,
				"only NIO loads here: there is no next transport to give way to");
		List<Transport> tried = new ArrayList<>();
		try (NettyRuntime netty = NettyRuntime.start(Optional.empty(), (transport) -> {
			tried.add(transport);
			if (tried.size() == 1) {
				throw new IllegalStateException("no ring: locked memory limit");
			}
			return new NettyRuntime(1, transport);
		})) {
			assertThat(tried).hasSize(2);
			assertThat(netty.transport()).isEqualTo(tried.get(1)).isNotEqualTo(tried.get(0));
		}
	}

	@Test
	void aTransportAskedForIsTheOneUsedOrTheStartFails() {
		try (NettyRuntime netty = NettyRuntime.start(1, Optional.of(Transport.NIO))) {
			assertThat(netty.transport()).isEqualTo(Transport.NIO);
		}
		assertThatIllegalStateException().isThrownBy(() -> NettyRuntime.start(Optional.of(Transport.EPOLL), (t) -> {
			throw new IllegalStateException("refused");
		}));
	}

}
