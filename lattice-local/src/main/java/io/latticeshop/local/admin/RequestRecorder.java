package io.latticeshop.local.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest requests of every endpoint, in a ring of fixed size, and whoever follows
 * them live. Recording costs a lock and an array slot; listeners are told on the
 * recording thread and must hand off at once.
 */
public final class RequestRecorder {

	private final int capacity;

	private final ArrayDeque<RecordedRequest> ring;

	private final List<Consumer<RecordedRequest>> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong sequence = new AtomicLong();

	public RequestRecorder(int capacity) {
		this.capacity = capacity;
		this.ring = new ArrayDeque<>(capacity);
	}

	/** The next number for a request, in the order requests end. */
	public long nextSequence() {
		return this.sequence.incrementAndGet();
	}

	public void record(RecordedRequest request) {
		synchronized (this.ring) {
			if (this.ring.size() == this.capacity) {
				this.ring.removeFirst();
			}
			this.ring.addLast(request);
		}
		for (Consumer<RecordedRequest> listener : this.listeners) {
			listener.accept(request);
		}
	}

	/** The latest requests, oldest first. */
	public List<RecordedRequest> latest() {
		synchronized (this.ring) {
			return new ArrayList<>(this.ring);
		}
	}

	public void follow(Consumer<RecordedRequest> listener) {
		this.listeners.add(listener);
	}

	public void unfollow(Consumer<RecordedRequest> listener) {
		this.listeners.remove(listener);
	}

	int followers() {
		return this.listeners.size();
	}

}
