package io.latticeshop.local.launch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Where the output of launched workloads and Lambda execution environments goes: a file
 * per workload ({@code
 *
<dir>
 * /<name>.log}), or interleaved on stderr with a prefix per line ({@code --verbose}).
 */
public final class WorkloadLogs {

	/** Every line on stderr, prefixed: what tests and {@code --verbose} see. */
	public static final WorkloadLogs CONSOLE = new WorkloadLogs(null);

	private final Path dir;

	private WorkloadLogs(Path dir) {
		this.dir = dir;
	}

	public static WorkloadLogs inDirectory(Path dir) {
		return new WorkloadLogs(dir);
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
			Files.createDirectories(this.dir);
			BufferedWriter writer = Files.newBufferedWriter(this.dir.resolve(fileName(name)), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			return (line) -> {
				synchronized (writer) {
					try {
						writer.write(line);
						writer.newLine();
						writer.flush();
					}
					catch (IOException ex) {
						// The disk is full or the file went away; the workload runs on.
					}
				}
			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + name + "'s log in " + this.dir, ex);
		}
	}

	private static String fileName(String name) {
		return name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
	}

}
