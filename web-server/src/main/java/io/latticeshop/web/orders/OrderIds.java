package io.latticeshop.web.orders;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.stereotype.Component;

/**
 * Order ids: {@code ORD-} and a ULID (48-bit millisecond time, 80 random bits, Crockford
 * base 32). Ids sort by creation time, also within one millisecond, because the random
 * part is incremented rather than redrawn while the clock has not moved.
 */
@Component
class OrderIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final byte[] entropy = new byte[10];

	private long lastMillis = -1;

	OrderIds(Clock clock) {
		this.clock = clock;
	}

	synchronized String next() {
		long millis = this.clock.millis();
		if (millis > this.lastMillis) {
			this.random.nextBytes(this.entropy);
			this.lastMillis = millis;
		}
		else {
			increment(this.entropy);
		}
		char[] id = new char[26];
		long time = this.lastMillis;
		for (int i = 9; i >= 0; i--) {
			id[i] = ALPHABET[(int) (time & 31)];
			time >>>= 5;
		}
		long high = ((this.entropy[0] & 0xFFL) << 8) | (this.entropy[1] & 0xFFL);
		long low = 0;
		for (int i = 2; i < 10; i++) {
			low = (low << 8) | (this.entropy[i] & 0xFFL);
		}
		for (int i = 25; i >= 10; i--) {
			id[i] = ALPHABET[(int) (low & 31)];
			low = (low >>> 5) | (high << 59);
			high >>>= 5;
		}
		return "ORD-" + new String(id);
	}

	private static void increment(byte[] value) {
		for (int i = value.length - 1; i >= 0; i--) {
			if (++value[i] != 0) {
				return;
			}
		}
	}

}
