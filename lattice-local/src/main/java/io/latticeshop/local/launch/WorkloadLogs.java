package io.latticeshop.local.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.latticeshop.local.RollingLog;

/**
 * Where the output of launched workloads and Lambda execution environments goes: a file
 * per workload, named after it in the given directory and kept to a size as
 * {@link RollingLog} says, or interleaved on stderr with a prefix per line
 * ({@code --verbose}).
 */
public final class WorkloadLogs {

	/** Every line on stderr, prefixed: what tests and {@code --verbose} see. */
	public static final WorkloadLogs CONSOLE = new WorkloadLogs(null, 0);

	private final Path dir;

	private final long maxBytes;

	private final Map<String, RollingLog> files = new ConcurrentHashMap<>();

	private WorkloadLogs(Path dir, long maxBytes) {
		this.dir = dir;
		this.maxBytes = maxBytes;
	}

	public static WorkloadLogs inDirectory(Path dir) {
		return inDirectory(dir, RollingLog.MAX_BYTES);
	}

	static WorkloadLogs inDirectory(Path dir, long maxBytes) {
		return new WorkloadLogs(dir, maxBytes);
	}

	/** Where {@code name}'s output goes, as a user would look for it. */
	public String where(String name) {
		return (this.dir == null) ? "stderr" : this.dir.resolve(fileName(name)).toString();
	}

	/**
	 * A writer of {@code name}'s lines; {@code prefix} marks them on stderr. Lines reach
	 * the file as they come, so a crash leaves everything before it.
	 */
	public Consumer<String> sink(String name, String prefix) {
		if (this.dir == null) {
			return (line) -> System.err.println(prefix + line);
		}
		try {
			// One per file: the environments of one function share theirs, and a file is
			// rolled by the one writer that counts all its lines.
			RollingLog log = this.files.computeIfAbsent(fileName(name), (file) -> {
				try {
					return RollingLog.toFile(this.dir.resolve(file), this.maxBytes);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			return (line) -> {
				synchronized (log) {
					try {
						log.writeLine(line);
						log.flush();
					}
					catch (IOException ex) {
						// The disk is full or the file went away; the workload runs on.
					}
				}
			};
		}
		catch (UncheckedIOException ex) {
			throw new UncheckedIOException("cannot write " + name + "'s log in " + this.dir, ex.getCause());
		}
	}

	private static String fileName(String name) {
		return name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
	}

}
