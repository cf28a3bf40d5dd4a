package io.latticeshop.local.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.latticeshop.local.AccessCheck;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.TopologyReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lattice-local check}: would this call be allowed? Evaluates the template's
 * policies offline, starting nothing. Exit 0 on ALLOW, 1 on DENY, 2 on an error.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
		usageHelpAutoWidth = true,
		description = { "Would this call be allowed? Evaluates the auth policies of the binding's template offline "
				+ "and prints ALLOW or DENY, with the statement that allowed the call or the reason Lattice would "
				+ "give. Exit status 0 on ALLOW, 1 on DENY, 2 on an error: usable in CI to pin an access matrix." },
		footer = { "", "Example:", "  java -jar lattice-local.jar check --config local/shop.yaml --as web-server "
				+ "GET Lattice/ErpService /api/customers/C-1001" })
final class CheckCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--config", paramLabel = "FILE",
			description = "The binding file. Default: lattice-local.yaml, else local/shop.yaml.")
	Path config;

	@Option(names = "--as", required = true, paramLabel = "WORKLOAD",
			description = "The caller: a workload of the binding, or 'anonymous' for an unsigned call.")
	String as;

	@Option(names = "--vpc", paramLabel = "REF",
			description = "The source VPC (a template reference), when not the workload's own.")
	String vpc;

	@Option(names = "--header", paramLabel = "NAME=VALUE", description = "A request header; repeatable.")
	List<String> headers = new ArrayList<>();

	@Option(names = "--query", paramLabel = "NAME=VALUE", description = "A query parameter; repeatable.")
	List<String> query = new ArrayList<>();

	@Parameters(index = "0", paramLabel = "METHOD", description = "GET, POST, ...")
	String method;

	@Parameters(index = "1", paramLabel = "SERVICE",
			description = "The service: its construct path (Lattice/ErpService), Lattice name or logical id.")
	String service;

	@Parameters(index = "2", paramLabel = "PATH", description = "The request path, e.g. /api/customers/C-1001.")
	String path;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			if (!this.path.startsWith("/")) {
				throw new IllegalArgumentException("PATH " + this.path + ": a path begins with /");
			}
			Binding binding = Bindings.read(this.config);
			Topology topology = TopologyReader.read(binding.template(), binding.region());
			Map<String, List<String>> headerMap = new LinkedHashMap<>();
			for (String header : this.headers) {
				String[] pair = pair(header, "--header");
				headerMap.computeIfAbsent(pair[0], (name) -> new ArrayList<>()).add(pair[1]);
			}
			StringBuilder target = new StringBuilder(this.path);
			for (String parameter : this.query) {
				String[] pair = pair(parameter, "--query");
				target.append(target.indexOf("?") < 0 ? '?' : '&').append(pair[0]).append('=').append(pair[1]);
			}
			AccessCheck.Result result = new AccessCheck(binding, topology).check(this.as, Optional.ofNullable(this.vpc),
					this.method, this.service, target.toString(), headerMap);
			// A request the endpoint would refuse for its form (400) never reaches the
			// policies: a typo in the call, not a denial to pin.
			boolean refused = result.status() == 400;
			out.printf("%s  %s %s %s%n", result.allowed() ? "ALLOW" : refused ? "REFUSED" : "DENY ", this.method,
					result.service(), target);
			out.printf("  caller     %s%n", result.caller());
			out.printf("  from       %s%n", result.vpc());
			out.printf("  resource   %s%n", result.resource());
			out.printf("  policies   %s%n", result.statements());
			if (!result.allowed()) {
				out.printf("  answer     %d %s%n", result.status(), result.reason());
			}
			out.flush();
			return result.allowed() ? 0 : refused ? 2 : 1;
		}
		catch (RuntimeException ex) {
			err.println("lattice-local check: " + ex.getMessage());
			err.flush();
			return 2;
		}
	}

	private static String[] pair(String text, String option) {
		int equals = text.indexOf('=');
		if (equals <= 0) {
			throw new IllegalArgumentException(option + " " + text + ": expected NAME=VALUE");
		}
		return new String[] { text.substring(0, equals), text.substring(equals + 1) };
	}

}
