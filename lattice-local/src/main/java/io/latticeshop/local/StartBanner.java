package io.latticeshop.local;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.Credentials;
import io.latticeshop.local.binding.Binding.Example;
import io.latticeshop.local.binding.Binding.ServiceBinding;
import io.latticeshop.local.binding.Binding.Workload;
import io.latticeshop.local.proxy.ServiceEndpoint;
import io.latticeshop.local.sigv4.SigV4Verifier;
import io.latticeshop.local.template.Topology.Action;
import io.latticeshop.local.template.Topology.Service;

/**
 * What lattice-local prints once it is ready: each service's endpoint and what it stands
 * in for, a {@code curl --aws-sigv4} line for each example call the policies allow (with
 * the status to expect), each example the binding expects to be refused (a status of 400
 * or more after {@code =>}) for the first workload that is, or else one call they deny,
 * with Lattice's reason, and where the console is.
 */
final class StartBanner {

	private StartBanner() {
	}

	/**
	 * @param binding what lattice-local serves
	 * @param check the policies' verdicts, as {@code check} gives them
	 * @param bound the endpoint of each key of the binding's {@code services}, in the
	 * binding's order
	 * @param adminAddress the console's address, or null when it is off
	 * @return the banner's lines
	 */
	static List<String> lines(Binding binding, AccessCheck check, Map<String, ServiceEndpoint> bound,
			InetSocketAddress adminAddress) {
		List<String> banner = new ArrayList<>();
		banner.add("lattice-local is up: template " + binding.template() + ", region " + binding.region());
		// Lattice names derived from a stack name are long: the widest sets the column.
		int width = bound.values().stream().mapToInt((endpoint) -> endpoint.service().name().length()).max().orElse(1);
		for (ServiceEndpoint endpoint : bound.values()) {
			Service service = endpoint.service();
			banner.add(String.format("  %-" + width + "s  http://%s:%d  (stands in for %s, %s)", service.name(),
					endpoint.address().getHostString(), endpoint.address().getPort(), service.dnsName(),
					service.authType()));
		}
		banner.add("Calls, ready to paste:");
		List<String> denied = new ArrayList<>();
		List<String> firstDenied = new ArrayList<>();
		Set<Example> deniedShown = new HashSet<>();
		for (Map.Entry<String, ServiceBinding> entry : binding.services().entrySet()) {
			ServiceEndpoint endpoint = bound.get(entry.getKey());
			Service service = endpoint.service();
			for (Workload workload : binding.workloads().values()) {
				if (workload.credentials().isEmpty()) {
					continue;
				}
				List<Example> allowed = allowedCalls(check, entry.getKey(), service, entry.getValue(), workload);
				for (Example call : allowed) {
					banner.add("  # " + workload.name() + " -> " + service.name()
							+ call.expect()
								.map((status) -> ", expect " + status)
								.orElse(", allowed by the policies" + fixedResponse(endpoint, call)));
					banner.add(curl(binding.region(), workload.credentials().get(), call, endpoint.address()));
				}
				for (Example call : entry.getValue().examples()) {
					if (allowed.contains(call)) {
						continue;
					}
					if (call.expect().filter((status) -> status >= 400).isPresent()) {
						if (deniedShown.add(call)) {
							denied.addAll(deniedCall(binding, check, entry.getKey(), endpoint, workload, call));
						}
					}
					else if (firstDenied.isEmpty()) {
						firstDenied.addAll(deniedCall(binding, check, entry.getKey(), endpoint, workload, call));
					}
				}
			}
		}
		// The calls the binding expects to be denied, each for the first workload it is;
		// else the first example some workload may not make.
		banner.addAll(denied.isEmpty() ? firstDenied : denied);
		banner.add("Console: " + ((adminAddress != null)
				? "http://" + adminAddress.getHostString() + ":" + adminAddress.getPort() + "/" : "off (--admin)"));
		return banner;
	}

	/**
	 * For a call the listener answers itself, not a target ({@code FixedResponse}): what
	 * it answers. Probes come from the policies, which know nothing of listener rules.
	 */
	private static String fixedResponse(ServiceEndpoint endpoint, Example call) {
		int question = call.path().indexOf('?');
		Action action = endpoint.route(call.method(), (question < 0) ? call.path() : call.path().substring(0, question),
				Map.of());
		return action.forward().isEmpty() ? "; the listener answers " + action.fixedStatus() + " itself" : "";
	}

	/** The comment and curl line of a call the policies refuse, with Lattice's reason. */
	private static List<String> deniedCall(Binding binding, AccessCheck check, String serviceRef,
			ServiceEndpoint endpoint, Workload workload, Example call) {
		AccessCheck.Result result = check.check(workload.name(), Optional.empty(), call.method(), serviceRef,
				call.path(), Map.of());
		int because = result.reason().indexOf(" because ");
		String why = (because >= 0) ? result.reason().substring(because + 1) : result.reason();
		return List.of("  # " + workload.name() + " -> " + endpoint.service().name() + ", DENIED: expect "
				+ result.status() + ", " + why,
				curl(binding.region(), workload.credentials().get(), call, endpoint.address()));
	}

	/**
	 * A curl line that works when pasted: curl hashes the payload unless told otherwise,
	 * and Lattice wants {@code UNSIGNED-PAYLOAD} signed.
	 */
	static String curl(String region, Credentials credentials, Example call, InetSocketAddress address) {
		StringBuilder line = new StringBuilder("  curl -sS --aws-sigv4 'aws:amz:").append(region)
			.append(':')
			.append(SigV4Verifier.SERVICE)
			.append("' --user '")
			.append(credentials.accessKeyId())
			.append(':')
			.append(credentials.secretAccessKey())
			.append("' -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'");
		if (call.body().isPresent()) {
			line.append(" -H 'content-type: application/json' -d '")
				.append(call.body().get().replace("'", "'\\''"))
				.append('\'');
		}
		if (!call.method().equals(call.body().isPresent() ? "POST" : "GET")) {
			line.append(" -X ").append(call.method());
		}
		return line.append(" 'http://")
			.append(address.getHostString())
			.append(':')
			.append(address.getPort())
			.append(call.path())
			.append('\'')
			.toString();
	}

	/**
	 * The service's candidate calls (its examples, or else probes with the paths its
	 * policy names) that the policies allow this workload, as {@code check} decides them.
	 */
	private static List<Example> allowedCalls(AccessCheck check, String serviceRef, Service service,
			ServiceBinding serviceBinding, Workload workload) {
		List<Example> calls = new ArrayList<>();
		for (Example call : ExampleCalls.candidates(service, serviceBinding)) {
			if (check.check(workload.name(), Optional.empty(), call.method(), serviceRef, call.path(), Map.of())
				.allowed()) {
				calls.add(call);
			}
		}
		return calls;
	}

}
