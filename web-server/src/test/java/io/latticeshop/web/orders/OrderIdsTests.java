package io.latticeshop.web.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdsTests {

	@Test
	void idsHaveTheContractFormat() {
		String id = new OrderIds(Clock.systemUTC()).next();

		assertThat(id).matches("ORD-[0-9A-Z]{26}");
	}

	@Test
	void idsSortInCreationOrderEvenWithinOneMillisecond() {
		Clock frozen = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);
		OrderIds ids = new OrderIds(frozen);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			created.add(ids.next());
		}

		assertThat(created).doesNotHaveDuplicates().isSorted();
	}

	@Test
	void laterIdsSortAfterEarlierOnes() {
		String earlier = new OrderIds(Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC)).next();
		String later = new OrderIds(Clock.fixed(Instant.parse("2026-11-29T04:00:00.001Z"), ZoneOffset.UTC)).next();

		assertThat(later).isGreaterThan(earlier);
		// The first ten characters after the prefix are the millisecond timestamp.
		assertThat(earlier.substring(4, 14)).isEqualTo("01M8JQBCG0");
	}

}
