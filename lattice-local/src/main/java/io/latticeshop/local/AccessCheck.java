package io.latticeshop.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.Workload;
import io.latticeshop.local.policy.AuthEvaluator.Decision;
import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.policy.PolicySet;
import io.latticeshop.local.policy.RequestContext;
import io.latticeshop.local.proxy.ServiceEndpoint;
import io.latticeshop.local.template.LocalIds;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.Topology.ServiceNetwork;
import io.latticeshop.local.template.Topology.Vpc;

/**
 * Would this call be allowed? The policies of a binding's template, evaluated offline for
 * one caller, source VPC, method, service and path, exactly as a running endpoint would:
 * the same form checks, the same network and service levels.
 */
public final class AccessCheck {

	/** The name {@code --as} takes for an unsigned caller. */
	public static final String ANONYMOUS = "anonymous";

	/**
	 * The verdict: {@code status} is what the endpoint would answer before the target is
	 * reached (400 for a request refused for its form, 403 denied), 0 when allowed.
	 */
	public record Result(boolean allowed, int status, String caller, String vpc, String service, String resource,
			String reason, String statements) {
	}

	private final Binding binding;

	private final Topology topology;

	private final PolicySet policies;

	public AccessCheck(Binding binding, Topology topology) {
		this(binding, topology, PolicySet.compile(topology));
	}

	AccessCheck(Binding binding, Topology topology, PolicySet policies) {
		this.binding = binding;
		this.topology = topology;
		this.policies = policies;
	}

	/**
	 * @param as a workload of the binding, or {@value #ANONYMOUS}
	 * @param vpcRef the source VPC, when not the workload's own
	 * @param pathAndQuery the path, with a query after {@code ?} if any
	 */
	public Result check(String as, Optional<String> vpcRef, String method, String serviceRef, String pathAndQuery,
			Map<String, List<String>> headers) {
		Service service = this.topology.service(serviceRef, "SERVICE");
		Caller caller;
		Optional<Vpc> vpc;
		if (as.equals(ANONYMOUS)) {
			caller = Caller.ANONYMOUS;
			vpc = Optional.empty();
		}
		else {
			Workload workload = this.binding.workloads().get(as);
			if (workload == null || workload.role().isEmpty()) {
				throw new StartupException("--as: no workload '" + as + "' with a role in the binding; one of "
						+ this.binding.workloads()
							.values()
							.stream()
							.filter((w) -> w.role().isPresent())
							.map(Workload::name)
							.toList()
						+ " or " + ANONYMOUS);
			}
			Role role = this.topology.role(workload.role().get(), "workloads." + as + ".role");
			caller = Caller.assumedRole(role.arn(), workload.name(), workload.orgId());
			vpc = workload.vpc().map((ref) -> this.topology.vpc(ref, "workloads." + as + ".vpc"));
		}
		if (vpcRef.isPresent()) {
			vpc = Optional.of(this.topology.vpc(vpcRef.get(), "--vpc"));
		}
		if (vpc.isEmpty()) {
			vpc = this.binding.anonymousVpc()
				.map((ref) -> this.topology.vpc(ref, "anonymousVpc"))
				.or(() -> firstVpc(service));
		}
		int question = pathAndQuery.indexOf('?');
		String path = (question < 0) ? pathAndQuery : pathAndQuery.substring(0, question);
		String rawQuery = (question < 0) ? null : pathAndQuery.substring(question + 1);
		String vpcText = vpc.map((v) -> v.id() + " (" + this.topology.references().shortPath(v.logicalId()) + ")")
			.orElse("-");
		String resource = service.arn() + path;
		String malformed = ServiceEndpoint.malformed(method, path, rawQuery, List.of(service.dnsName()));
		if (malformed != null) {
			return new Result(false, 400, caller.principalArn(), vpcText, service.name(), resource,
					"Bad Request: " + malformed, "-");
		}
		Optional<ServiceNetwork> network = Optional.empty();
		for (String networkId : service.serviceNetworkLogicalIds()) {
			ServiceNetwork candidate = this.topology.serviceNetworks().get(networkId);
			if (vpc.isPresent() && candidate.vpcLogicalIds().contains(vpc.get().logicalId())) {
				network = Optional.of(candidate);
				break;
			}
		}
		if (network.isEmpty() && !service.serviceNetworkLogicalIds().isEmpty()) {
			return new Result(false, 403, caller.principalArn(), vpcText, service.name(), resource,
					ServiceEndpoint.unassociatedVpcDenial(caller.principalArn(), resource), "-");
		}
		Map<String, List<String>> lowerCase = new LinkedHashMap<>();
		headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
		lowerCase.putIfAbsent("host", List.of(service.dnsName()));
		RequestContext context = new RequestContext(caller, vpc.map(Vpc::id).orElse(null),
				vpc.isPresent() ? LocalIds.ACCOUNT : null, method, path, ServiceEndpoint.query(rawQuery), lowerCase,
				service.arn(), network.map(ServiceNetwork::arn).orElse(null),
				service.listeners().isEmpty() ? 443 : service.listeners().get(0).port());
		Decision decision = this.policies.decide(network.map(ServiceNetwork::logicalId), service.logicalId(), context);
		return new Result(decision.allowed(), decision.allowed() ? 0 : 403, caller.principalArn(), vpcText,
				service.name(), resource, decision.allowed() ? "-" : decision.denial(), decision.statements());
	}

	private Optional<Vpc> firstVpc(Service service) {
		for (String networkId : service.serviceNetworkLogicalIds()) {
			for (String vpcId : this.topology.serviceNetworks().get(networkId).vpcLogicalIds()) {
				return Optional.of(this.topology.vpcs().get(vpcId));
			}
		}
		return Optional.empty();
	}

}
