package io.latticeshop.local.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.latticeshop.local.LatticeLocal;
import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.server.NettyRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar lattice-local.jar [OPTIONS]}: runs the data plane; {@code check} asks
 * the policies offline. Usage errors exit 2, start-up failures 1.
 */
@Command(name = "lattice-local", mixinStandardHelpOptions = true, versionProvider = Version.class,
		subcommands = CheckCommand.class, sortOptions = false, usageHelpAutoWidth = true,
		description = { "Runs a VPC Lattice data plane on this machine from a synthesized CloudFormation template: "
				+ "one endpoint per Lattice service, SigV4 verification, the template's auth policies, "
				+ "routing to local targets and Lambda functions." },
		footer = { "", "Examples:", "  java -jar lattice-local.jar --config local/shop.yaml",
				"  java -jar lattice-local.jar check --config local/shop.yaml --as web-server GET erp-service "
						+ "/api/customers/C-1001" })
public final class LatticeLocalCommand implements Callable<Integer> {

	@Option(names = "--config", paramLabel = "FILE",
			description = "The binding file. Default: lattice-local.yaml in the working directory, "
					+ "else local/shop.yaml.")
	Path config;

	@Option(names = "--no-launch", description = "Open the endpoints only; the workloads are started by someone else.")
	boolean noLaunch;

	@Option(names = "--access-log", paramLabel = "FILE|stdout",
			description = "Where the access log goes, instead of the binding's accessLog.")
	String accessLog;

	@Option(names = "--admin", paramLabel = "HOST:PORT|none",
			description = "Where the admin endpoint and console listen, or none. Default: the binding's "
					+ "admin.listen, else " + DEFAULT_ADMIN + ".")
	String admin;

	static final String DEFAULT_ADMIN = "127.0.0.1:9000";

	@Option(names = "--verbose",
			description = "Interleave the output of launched workloads and Lambda environments on stderr, "
					+ "instead of a file each under target/lattice-local/.")
	boolean verbose;

	@Option(names = "--transport", paramLabel = "io_uring|epoll|nio",
			description = "How the event loops talk to the kernel. Default: the first of io_uring, epoll and nio "
					+ "that loads on this machine.")
	NettyRuntime.Transport transport;

	public static void main(String[] args) throws InterruptedException {
		JvmOptions.stopWithLauncher();
		Optional<List<String>> dataPlane = JvmOptions.relaunch(args);
		if (dataPlane.isPresent()) {
			try {
				System.exit(JvmOptions.run(dataPlane.get()));
			}
			catch (IOException ex) {
				System.err.println(
						"lattice-local: could not start a JVM with " + JvmOptions.options(Runtime.version().feature())
								+ " (" + ex.getMessage() + "); running in this one as it is");
			}
		}
		System.exit(commandLine().execute(args));
	}

	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new LatticeLocalCommand());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			if (ex instanceof StartupException) {
				line.getErr().println("lattice-local: " + ex.getMessage());
				return 1;
			}
			throw ex;
		});
		return commandLine;
	}

	@Override
	public Integer call() throws Exception {
		Binding binding = Bindings.read(this.config);
		if (this.noLaunch) {
			binding = binding.withoutLaunch();
		}
		if (this.accessLog != null) {
			binding = binding.withAccessLog(
					this.accessLog.equals("stdout") ? Optional.empty() : Optional.of(Path.of(this.accessLog)));
		}
		if (this.admin != null) {
			BindingReader.listenAddress(this.admin, "--admin");
			binding = binding.withAdmin(Optional.of(this.admin));
		}
		else if (binding.admin().isEmpty()) {
			binding = binding.withAdmin(Optional.of(DEFAULT_ADMIN));
		}
		if (this.transport != null && !this.transport.available()) {
			throw new StartupException("--transport " + this.transport.label() + ": it does not load on this machine ("
					+ this.transport.unavailableBecause() + ")");
		}
		LatticeLocal.run(binding, this.verbose, Optional.ofNullable(this.transport));
		return 0;
	}

}
