package io.latticeshop.local.lambda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's invocations waiting for an execution environment, and the environments'
 * {@code next} polls waiting for an invocation. Whichever arrives second is matched with
 * the first, so an invocation goes to whichever environment asks first, as in Lambda. A
 * poll whose connection has gone is never given an invocation.
 */
final class InvocationQueue {

	/** A {@code next} poll that is waiting, and how to hand it an invocation. */
	interface Poller {

		boolean alive();

		/** Sends the invocation; one that cannot be sent goes back to the queue. */
		void deliver(RuntimeApi.Invocation invocation);

	}

	private final ArrayDeque<RuntimeApi.Invocation> invocations = new ArrayDeque<>();

	private final ArrayDeque<Poller> pollers = new ArrayDeque<>();

	void offer(RuntimeApi.Invocation invocation) {
		match(invocation, false);
	}

	/** Back to the head of the queue: it was taken, but never reached its environment. */
	void putBack(RuntimeApi.Invocation invocation) {
		if (!invocation.result().isDone()) {
			match(invocation, true);
		}
	}

	private void match(RuntimeApi.Invocation invocation, boolean first) {
		Poller poller;
		synchronized (this) {
			poller = livePoller();
			if (poller == null) {
				if (first) {
					this.invocations.addFirst(invocation);
				}
				else {
					this.invocations.addLast(invocation);
				}
				return;
			}
		}
		poller.deliver(invocation);
	}

	void poll(Poller poller) {
		RuntimeApi.Invocation invocation;
		synchronized (this) {
			invocation = liveInvocation();
			if (invocation == null) {
				this.pollers.addLast(poller);
				return;
			}
		}
		poller.deliver(invocation);
	}

	synchronized void cancel(Poller poller) {
		this.pollers.remove(poller);
	}

	synchronized int size() {
		this.invocations.removeIf((invocation) -> invocation.result().isDone());
		return this.invocations.size();
	}

	synchronized boolean isEmpty() {
		return size() == 0;
	}

	/** Takes every waiting invocation out, e.g. to fail them. */
	synchronized List<RuntimeApi.Invocation> drain() {
		List<RuntimeApi.Invocation> drained = new ArrayList<>(this.invocations);
		this.invocations.clear();
		return drained;
	}

	private Poller livePoller() {
		Poller poller;
		while ((poller = this.pollers.pollFirst()) != null) {
			if (poller.alive()) {
				return poller;
			}
		}
		return null;
	}

	private RuntimeApi.Invocation liveInvocation() {
		RuntimeApi.Invocation invocation;
		while ((invocation = this.invocations.pollFirst()) != null) {
			if (!invocation.result().isDone()) {
				return invocation;
			}
		}
		return null;
	}

}
