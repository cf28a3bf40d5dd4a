package io.latticeshop.local.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops processes together with everything they started. Descendants are collected first:
 * once a parent is gone its children are re-parented and no longer found through it.
 */
public final class Processes {

	private Processes() {
	}

	/** Asks politely, waits up to {@code grace}, then kills what is left. */
	public static void stop(List<? extends ProcessHandle> roots, Duration grace) {
		List<ProcessHandle> all = new ArrayList<>();
		for (ProcessHandle root : roots) {
			root.descendants().forEach(all::add);
			all.add(root);
		}
		all.forEach(ProcessHandle::destroy);
		long deadline = System.nanoTime() + grace.toNanos();
		for (ProcessHandle process : all) {
			try {
				process.onExit().get(Math.max(deadline - System.nanoTime(), 1), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				process.destroyForcibly();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				all.forEach(ProcessHandle::destroyForcibly);
				return;
			}
		}
	}

}
