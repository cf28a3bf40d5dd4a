package io.latticeshop.local.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.latticeshop.local.TestBindings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user meets it: help and version on standard output, usage errors
 * with status 2, a missing file named with where it was looked for, and {@code check}
 * answering ALLOW (0) or DENY (1) from the test template's policies.
 */
class CommandLineTests {

	@TempDir
	Path dir;

	Path binding;

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	@BeforeEach
	void binding() throws IOException {
		this.binding = TestBindings.write(this.dir, """
				anonymousVpc: WebVpc1A2B3C4D
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				""");
	}

	int run(String... args) {
		CommandLine commandLine = LatticeLocalCommand.commandLine();
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		return commandLine.execute(args);
	}

	@Test
	void helpAndVersionGoToStandardOutputAndExitZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: lattice-local").contains("--config").contains("check");
		assertThat(run("--version")).isZero();
		assertThat(this.out.toString()).contains("lattice-local ");
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void anUnknownOptionIsAUsageErrorWithStatusTwo() {
		assertThat(run("--bogus")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown option: '--bogus'").contains("Usage:");
	}

	@Test
	void anUnknownTransportIsAUsageErrorThatNamesTheTransports() {
		assertThat(run("--transport", "kqueue", "--config", this.binding.toString())).isEqualTo(2);
		assertThat(this.err.toString()).contains("--transport").contains("IO_URING, EPOLL, NIO");
	}

	@Test
	void aMissingBindingFileIsNamedWithWhereItWasLookedFor() {
		assertThat(run("--config", "nowhere/shop.yaml")).isEqualTo(1);
		assertThat(this.err.toString()).contains("no binding file at ")
			.contains(Path.of("nowhere/shop.yaml").toAbsolutePath().toString())
			.contains("resolved from " + Path.of("").toAbsolutePath());
	}

	@Test
	void aPortInUseStopsTheStartNamingTheSetting() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Path binding = TestBindings.write(this.dir, """
					anonymousVpc: WebVpc1A2B3C4D
					services:
					  erp-service: { listen: 127.0.0.1:%d }
					""".formatted(taken.getLocalPort()));
			assertThat(run("--config", binding.toString(), "--no-launch", "--admin", "none")).isEqualTo(1);
		}
		assertThat(this.err.toString()).startsWith("lattice-local: services.erp-service.listen: 127.0.0.1:")
			.contains("is in use");
	}

	@Test
	void aTemplateThatIsNotThereIsNamedWithAHint() throws IOException {
		Path binding = TestBindings.write(this.dir, this.dir.resolve("cdk.out/Missing.template.json"), """
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				""");
		assertThat(run("--config", binding.toString(), "--no-launch", "--admin", "none")).isEqualTo(1);
		assertThat(this.err.toString())
			.contains("Missing.template.json: no such file (does `cdk synth` write it there?)");
	}

	@Test
	void checkAllowsWhatThePolicyAllowsAndNamesTheStatements() {
		assertThat(run("check", "--config", this.binding.toString(), "--as", "web-server", "GET", "erp-service",
				"/api/customers/C-1001"))
			.isZero();
		assertThat(this.out.toString()).startsWith("ALLOW  GET erp-service /api/customers/C-1001")
			.contains("service: allowed by Statement[0]");
	}

	@Test
	void checkTakesTheServiceByConstructPathAndShowsItsLatticeName() throws IOException {
		Path binding = TestBindings.write(this.dir, TestBindings.templateWithConstructPaths(this.dir), """
				services:
				  Lattice/ErpService: { listen: 127.0.0.1:0 }
				""");
		assertThat(run("check", "--config", binding.toString(), "--as", "web-server", "GET", "Lattice/ErpService",
				"/api/customers/C-1001"))
			.isZero();
		assertThat(run("check", "--config", binding.toString(), "--as", "erp-service", "GET",
				"Lattice/ErpService/Service", "/api/customers/C-1001"))
			.isEqualTo(1);
		assertThat(this.out.toString().lines().filter((line) -> !line.startsWith(" "))).containsExactly(
				"ALLOW  GET erp-service /api/customers/C-1001", "DENY   GET erp-service /api/customers/C-1001");
	}

	@Test
	void checkDeniesWithLatticesReasonAndStatusOne() {
		assertThat(run("check", "--config", this.binding.toString(), "--as", "erp-service", "GET", "erp-service",
				"/api/customers/C-1001"))
			.isEqualTo(1);
		assertThat(this.out.toString()).startsWith("DENY ")
			.contains("answer     403 AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/")
			.contains("because no service-based policy allows the vpc-lattice-svcs:Invoke action");
	}

	@Test
	void checkDeniesTheRightCallerFromTheWrongVpcAndAnAnonymousOne() {
		assertThat(run("check", "--config", this.binding.toString(), "--as", "web-server", "--vpc", "ErpVpc5E6F7A8B",
				"GET", "erp-service", "/api/customers/C-1001"))
			.isEqualTo(1);
		assertThat(run("check", "--config", this.binding.toString(), "--as", "anonymous", "GET", "erp-service",
				"/api/customers/C-1001"))
			.isEqualTo(1);
		assertThat(this.out.toString()).contains("caller     anonymous");
	}

	// The same answer as the live endpoint gives such a caller.
	@Test
	void checkDeniesACallerWhoseVpcReachesNoNetworkOfTheService() throws IOException {
		Path template = TestBindings.templateWith(this.dir, "Stray",
				"\"StrayVpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.9.0.0/16\"}}");
		Path binding = TestBindings.write(this.dir, template, """
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				""");
		assertThat(run("check", "--config", binding.toString(), "--as", "web-server", "--vpc", "StrayVpc", "GET",
				"erp-service", "/api/customers/C-1001"))
			.isEqualTo(1);
		assertThat(this.out.toString()).startsWith("DENY ")
			.containsPattern("answer     403 AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/"
					+ "\\S+ is not authorized to perform: vpc-lattice-svcs:Invoke on resource: "
					+ "arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-\\w+/api/customers/C-1001 because the "
					+ "source VPC is not associated with a service network of this service");
	}

	@Test
	void checkRefusesAPathNotInNormalFormAsTheEndpointWouldAndExitsTwoNotAsADenial() {
		assertThat(run("check", "--config", this.binding.toString(), "--as", "web-server", "GET", "erp-service",
				"/api/x/../customers/C-1001"))
			.isEqualTo(2);
		assertThat(this.out.toString()).startsWith("REFUSED")
			.contains("answer     400 Bad Request: the path has a dot segment");
		assertThat(run("check", "--config", this.binding.toString(), "--as", "web-server", "get", "erp-service",
				"/api/customers/C-1001"))
			.isEqualTo(2);
	}

	@Test
	void checkWithAnUnknownWorkloadOrServiceIsAnErrorWithStatusTwo() {
		assertThat(run("check", "--config", this.binding.toString(), "--as", "nobody", "GET", "erp-service", "/"))
			.isEqualTo(2);
		assertThat(this.err.toString()).contains("no workload 'nobody'").contains("web-server");
		assertThat(
				run("check", "--config", this.binding.toString(), "--as", "web-server", "GET", "no-such-service", "/"))
			.isEqualTo(2);
		assertThat(run("check", "--config", this.binding.toString(), "GET", "erp-service", "/")).isEqualTo(2);
	}

}
