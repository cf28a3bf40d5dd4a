package io.latticeshop.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.accesslog.AccessLog;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.ServiceBinding;
import io.latticeshop.local.binding.Binding.TargetBinding;
import io.latticeshop.local.binding.Binding.Workload;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.lambda.LambdaTarget;
import io.latticeshop.local.launch.Launcher;
import io.latticeshop.local.policy.AuthEvaluator;
import io.latticeshop.local.policy.AuthEvaluator.Level;
import io.latticeshop.local.policy.AuthPolicy;
import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.policy.RequestContext;
import io.latticeshop.local.proxy.HttpTarget;
import io.latticeshop.local.proxy.Identity;
import io.latticeshop.local.proxy.ServiceEndpoint;
import io.latticeshop.local.proxy.Target;
import io.latticeshop.local.sigv4.SigV4Verifier;
import io.latticeshop.local.template.LocalIds;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.Listener;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.Topology.TargetGroup;
import io.latticeshop.local.template.Topology.Vpc;
import io.latticeshop.local.template.TopologyReader;
import tools.jackson.databind.JsonNode;

/**
 * Starts the local data plane:
 * {@code java -jar lattice-local.jar --config local/shop.yaml}. Everything is checked
 * before the first port opens.
 */
public final class LatticeLocal implements AutoCloseable {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<String> banner = new ArrayList<>();

	private LatticeLocal() {
	}

	public static void main(String[] args) throws Exception {
		Path config = Path.of("local/shop.yaml");
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--config") && i + 1 < args.length) {
				config = Path.of(args[++i]);
			}
			else if (args[i].startsWith("--config=")) {
				config = Path.of(args[i].substring("--config=".length()));
			}
			else {
				System.err.println("Usage: java -jar lattice-local.jar [--config local/shop.yaml]");
				System.exit(2);
			}
		}
		LatticeLocal local = new LatticeLocal();
		try {
			local.start(BindingReader.read(config));
		}
		catch (StartupException ex) {
			local.close();
			System.err.println("lattice-local: " + ex.getMessage());
			System.exit(1);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(local::close, "lattice-local-shutdown"));
		local.banner.forEach(System.err::println);
		Thread.currentThread().join();
	}

	/** Starts everything the binding describes; package-private for tests. */
	void start(Binding binding) throws IOException {
		Topology topology = TopologyReader.read(binding.template(), binding.region());
		Map<String, Level> levels = levels(topology);
		Map<String, Identity> identities = new HashMap<>();
		Map<String, String> secrets = new HashMap<>();
		for (Workload workload : binding.workloads().values()) {
			if (workload.credentials().isEmpty()) {
				continue;
			}
			String where = "workloads." + workload.name();
			Role role = topology.role(workload.role().orElseThrow())
				.orElseThrow(() -> new StartupException(where + ".role: no AWS::IAM::Role '" + workload.role().get()
						+ "' in the template (roles: " + topology.roles().keySet() + ")"));
			Vpc vpc = vpc(topology, workload.vpc().orElseThrow(), where + ".vpc");
			identities.put(workload.credentials().get().accessKeyId(),
					new Identity(Caller.assumedRole(role.arn(), workload.name(), workload.orgId()), vpc));
			secrets.put(workload.credentials().get().accessKeyId(), workload.credentials().get().secretAccessKey());
		}
		Optional<Vpc> anonymousVpc = binding.anonymousVpc().map((ref) -> vpc(topology, ref, "anonymousVpc"));
		AccessLog accessLog = binding.accessLog().map(AccessLog::toFile).orElseGet(AccessLog::toStdout);
		this.resources.add(accessLog);
		Map<String, Target> targets = targets(binding, topology);
		SigV4Verifier verifier = new SigV4Verifier(binding.region(), secrets::get, Clock.systemUTC());
		ServiceEndpoint.Wiring wiring = new ServiceEndpoint.Wiring(topology, verifier, identities::get, anonymousVpc,
				(logicalId) -> levels.getOrDefault(logicalId, Level.NONE), targets, accessLog);

		Launcher launcher = new Launcher(binding, topology);
		this.resources.add(launcher);
		List<ServiceEndpoint> endpoints = new ArrayList<>();
		for (Map.Entry<String, ServiceBinding> entry : binding.services().entrySet()) {
			Service service = topology.service(entry.getKey())
				.orElseThrow(() -> new StartupException("services." + entry.getKey()
						+ ": no AWS::VpcLattice::Service with that Name or logical id in the template (services: "
						+ topology.services().values().stream().map(Service::name).toList() + ")"));
			Listener listener = listener(service, entry.getValue(), "services." + entry.getKey());
			ServiceEndpoint endpoint = new ServiceEndpoint(service, listener,
					new InetSocketAddress(entry.getValue().host(), entry.getValue().port()), wiring);
			endpoints.add(endpoint);
			this.resources.add(endpoint);
		}
		endpoints.forEach(ServiceEndpoint::start);
		launcher.start();

		describe(binding, topology, levels, endpoints);
	}

	private void describe(Binding binding, Topology topology, Map<String, Level> levels,
			List<ServiceEndpoint> endpoints) {
		this.banner.add("lattice-local is up: template " + binding.template() + ", region " + binding.region());
		int index = 0;
		for (Map.Entry<String, ServiceBinding> entry : binding.services().entrySet()) {
			Service service = topology.service(entry.getKey()).orElseThrow();
			ServiceEndpoint endpoint = endpoints.get(index++);
			this.banner.add(String.format("  %-18s http://%s:%d  (stands in for %s, %s)", service.name(),
					endpoint.address().getHostString(), endpoint.address().getPort(), service.dnsName(),
					service.authType()));
		}
		this.banner.add("Allowed calls, ready to paste:");
		index = 0;
		for (Map.Entry<String, ServiceBinding> entry : binding.services().entrySet()) {
			Service service = topology.service(entry.getKey()).orElseThrow();
			ServiceEndpoint endpoint = endpoints.get(index++);
			for (Workload workload : binding.workloads().values()) {
				if (workload.credentials().isEmpty()) {
					continue;
				}
				for (String[] call : allowedCalls(binding, topology, levels, service, workload)) {
					this.banner.add(String.format(
							"  curl -sS --aws-sigv4 'aws:amz:%s:%s' --user '%s:%s' "
									+ "-H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'%s -X %s 'http://%s:%d%s'",
							binding.region(), SigV4Verifier.SERVICE, workload.credentials().get().accessKeyId(),
							workload.credentials().get().secretAccessKey(),
							call[0].equals("GET") ? "" : " -H 'content-type: application/json' -d '{}'", call[0],
							endpoint.address().getHostString(), endpoint.address().getPort(), call[1]));
				}
			}
		}
	}

	/**
	 * Probes the policies with the paths their Resource patterns name, for the banner.
	 */
	private static List<String[]> allowedCalls(Binding binding, Topology topology, Map<String, Level> levels,
			Service service, Workload workload) {
		List<String> paths = new ArrayList<>();
		service.policy().ifPresent((policy) -> collectPaths(policy.path("Statement"), service.arn(), paths));
		if (paths.isEmpty()) {
			paths.add("/");
		}
		Role role = topology.role(workload.role().orElseThrow()).orElseThrow();
		Vpc vpc = vpc(topology, workload.vpc().orElseThrow(), "");
		Caller caller = Caller.assumedRole(role.arn(), workload.name(), workload.orgId());
		List<String[]> calls = new ArrayList<>();
		for (String networkId : service.serviceNetworkLogicalIds()) {
			var network = topology.serviceNetworks().get(networkId);
			if (!network.vpcLogicalIds().contains(vpc.logicalId())) {
				continue;
			}
			for (String path : paths) {
				for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
					RequestContext probe = new RequestContext(caller, vpc.id(), LocalIds.ACCOUNT, method, path,
							Map.of(), Map.of(), service.arn(), network.arn(), service.listeners().get(0).port());
					if (AuthEvaluator
						.decide(levels.getOrDefault(networkId, Level.NONE),
								levels.getOrDefault(service.logicalId(), Level.NONE), probe)
						.allowed()) {
						calls.add(new String[] { method, path });
					}
				}
			}
			break;
		}
		return calls;
	}

	private static void collectPaths(JsonNode statements, String serviceArn, List<String> paths) {
		for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
			for (JsonNode operator : statement.path("Condition")) {
				operator.properties().forEach((condition) -> {
					if (condition.getKey().equalsIgnoreCase("vpc-lattice-svcs:RequestPath")) {
						JsonNode values = condition.getValue();
						for (JsonNode value : values.isArray() ? values : List.of(values)) {
							addProbe(paths, value.asString(""));
						}
					}
				});
			}
			JsonNode resources = statement.path("Resource");
			for (JsonNode resource : resources.isArray() ? resources : List.of(resources)) {
				String text = resource.asString("");
				if (text.startsWith(serviceArn + "/")) {
					addProbe(paths, text.substring(serviceArn.length()));
				}
			}
		}
	}

	private static void addProbe(List<String> paths, String pattern) {
		String path = pattern.replace("*", "1").replace("?", "x");
		if (path.startsWith("/") && !paths.contains(path)) {
			paths.add(path);
		}
	}

	private static Map<String, Level> levels(Topology topology) {
		Map<String, Level> levels = new LinkedHashMap<>();
		topology.serviceNetworks()
			.values()
			.forEach((network) -> levels.put(network.logicalId(),
					new Level(network.authType() == Topology.AuthType.AWS_IAM,
							network.policy().map((policy) -> AuthPolicy.compile(policy, network.logicalId())))));
		topology.services()
			.values()
			.forEach((service) -> levels.put(service.logicalId(),
					new Level(service.authType() == Topology.AuthType.AWS_IAM,
							service.policy().map((policy) -> AuthPolicy.compile(policy, service.logicalId())))));
		return levels;
	}

	private Map<String, Target> targets(Binding binding, Topology topology) throws IOException {
		HttpClient client = null;
		Map<String, Target> targets = new HashMap<>();
		for (Map.Entry<String, TargetBinding> entry : binding.targets().entrySet()) {
			String where = "targets." + entry.getKey();
			TargetGroup group = topology.targetGroup(entry.getKey())
				.orElseThrow(() -> new StartupException(where + ": no AWS::VpcLattice::TargetGroup with that logical "
						+ "id or Name (target groups: " + topology.targetGroups().keySet() + ")"));
			TargetBinding target = entry.getValue();
			if (group.type().equals("LAMBDA") != target.lambda().isPresent()) {
				throw new StartupException(where + ": target group " + group.logicalId() + " is of type " + group.type()
						+ ", bind it with " + (group.type().equals("LAMBDA") ? "'lambda'" : "'url'"));
			}
			if (target.url().isPresent()) {
				if (client == null) {
					client = HttpTarget.sharedClient();
				}
				targets.put(group.logicalId(), new HttpTarget(client, target.url().get(), target.timeout()));
			}
			else {
				LambdaTarget lambda = new LambdaTarget(entry.getKey(), target.lambda().get(), target.timeout(),
						binding.region());
				this.resources.add(lambda);
				targets.put(group.logicalId(), lambda);
			}
		}
		for (TargetGroup group : topology.targetGroups().values()) {
			if (!targets.containsKey(group.logicalId())) {
				System.err.println("lattice-local: target group " + group.logicalId()
						+ " is not bound in the binding file; requests routed to it get 503");
			}
		}
		return targets;
	}

	private static Listener listener(Service service, ServiceBinding binding, String where) {
		if (service.listeners().isEmpty()) {
			throw new StartupException(where + ": service " + service.name() + " has no listener in the template");
		}
		if (binding.listenerPort().isPresent()) {
			return service.listeners()
				.stream()
				.filter((listener) -> listener.port() == binding.listenerPort().get())
				.findFirst()
				.orElseThrow(() -> new StartupException(where + ".listener: service " + service.name()
						+ " has no listener on port " + binding.listenerPort().get()));
		}
		return service.listeners()
			.stream()
			.filter((listener) -> listener.protocol().equals("HTTPS"))
			.findFirst()
			.orElse(service.listeners().get(0));
	}

	private static Vpc vpc(Topology topology, String reference, String where) {
		return topology.vpc(reference)
			.orElseThrow(() -> new StartupException(where + ": no AWS::EC2::VPC '" + reference
					+ "' in the template (VPCs: " + topology.vpcs().keySet() + ")"));
	}

	List<String> banner() {
		return this.banner;
	}

	@Override
	public void close() {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				System.err.println("lattice-local: while stopping: " + ex.getMessage());
			}
		}
		this.resources.clear();
	}

}
