package io.latticeshop.local.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options the data plane runs best with, which a jar cannot set for the JVM that
 * opens it. When {@code java -jar lattice-local.jar} is given no JVM options, the data
 * plane runs in a second JVM started with these, the way Elasticsearch's launcher starts
 * its server JVM; the first only waits for it, passes its exit status on, and stops it
 * when stopped itself. The second stops should the first be killed.
 * <ul>
 * <li>{@value #GC_TIME_RATIO}: G1 grows the heap only once collecting takes more than a
 * fifth of its time, not a thirteenth. With the default, a burst of requests grows the
 * heap by hundreds of megabytes lattice-local does not need, and G1 keeps them. The
 * heap's maximum stays the JVM's own, room for what strangers may send: a head of up to
 * 72 KiB on each of 4,096 connections per endpoint.</li>
 * <li>On JDK 24 and newer, {@value #UNSAFE}: Netty uses {@code sun.misc.Unsafe} for its
 * buffers only when the JVM allows it. JDK 21 does not know the option.</li>
 * </ul>
 * Given any JVM option ({@code java -Xmx1g -jar …}, or {@code JAVA_TOOL_OPTIONS}), the
 * user is in charge and the data plane runs in the JVM as started. So it does when
 * lattice-local is not run from its jar (tests, an IDE), for {@code check}, help and
 * version, and with {@code -Dlattice-local.relaunch=false}.
 */
final class JvmOptions {

	static final String GC_TIME_RATIO = "-XX:GCTimeRatio=4";

	static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

	// Set in the second JVM: the process id of the JVM that started it.
	private static final String LAUNCHER = "lattice-local.launcher";

	private JvmOptions() {
	}

	/**
	 * The command that runs the data plane in a JVM with its options, if one is to be
	 * started.
	 * @param args lattice-local's own arguments
	 */
	static Optional<List<String>> relaunch(String[] args) {
		if (System.getProperty(LAUNCHER) != null
				|| !Boolean.parseBoolean(System.getProperty("lattice-local.relaunch", "true"))
				|| !ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()) {
			return Optional.empty();
		}
		for (String arg : args) {
			if (arg.equals("check") || arg.startsWith("-h") || arg.equals("--help") || arg.startsWith("-V")
					|| arg.equals("--version")) {
				return Optional.empty();
			}
		}
		Optional<String> java = ProcessHandle.current().info().command();
		String jar = System.getProperty("java.class.path", "");
		if (java.isEmpty() || !jar.endsWith(".jar") || jar.contains(File.pathSeparator)
				|| !Files.isRegularFile(Path.of(jar))) {
			return Optional.empty();
		}
		List<String> command = new ArrayList<>();
		command.add(java.get());
		command.addAll(options(Runtime.version().feature()));
		command.add("-D" + LAUNCHER + "=" + ProcessHandle.current().pid());
		command.add("-jar");
		command.add(jar);
		command.addAll(List.of(args));
		return Optional.of(command);
	}

	/**
	 * The data plane's options on a JDK.
	 * @param feature the JDK's feature release, 21 for JDK 21
	 */
	static List<String> options(int feature) {
		return (feature >= 24) ? List.of(GC_TIME_RATIO, UNSAFE) : List.of(GC_TIME_RATIO);
	}

	/**
	 * Runs the command in a JVM of its own on this one's standard streams and returns its
	 * exit status. Stopping this JVM stops that one and waits for it to close what it
	 * started.
	 */
	static int run(List<String> command) throws IOException, InterruptedException {
		Process dataPlane = new ProcessBuilder(command).inheritIO().start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			dataPlane.destroy();
			try {
				dataPlane.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "lattice-local-stop"));
		return dataPlane.waitFor();
	}

	/**
	 * In the second JVM: stops it when the JVM that started it is gone, so that killing
	 * that one leaves nothing holding the ports.
	 */
	static void stopWithLauncher() {
		String launcher = System.getProperty(LAUNCHER);
		if (launcher != null) {
			ProcessHandle.of(Long.parseLong(launcher))
				.ifPresentOrElse((parent) -> parent.onExit().thenRun(() -> System.exit(143)), () -> System.exit(143));
		}
	}

}
