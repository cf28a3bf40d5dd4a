package io.latticeshop.local;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the UUID version 4 shape AWS uses. They only need to be unique, not
 * unguessable: {@link UUID#randomUUID()} draws from a shared {@code SecureRandom} (a
 * lock, and on Linux a read of /dev/urandom) on every request.
 */
public final class RequestIds {

	private RequestIds() {
	}

	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
