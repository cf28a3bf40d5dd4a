package io.latticeshop.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.latticeshop.local.accesslog.AccessLog;
import io.latticeshop.local.accesslog.HopSpans;
import io.latticeshop.local.admin.AdminEndpoint;
import io.latticeshop.local.admin.LatticeMetrics;
import io.latticeshop.local.admin.RecordedRequest;
import io.latticeshop.local.admin.RequestRecorder;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.Binding.Credentials;
import io.latticeshop.local.binding.Binding.Example;
import io.latticeshop.local.binding.Binding.HealthCheckOverrides;
import io.latticeshop.local.binding.Binding.LambdaBinding;
import io.latticeshop.local.binding.Binding.ServiceBinding;
import io.latticeshop.local.binding.Binding.TargetBinding;
import io.latticeshop.local.binding.Binding.Workload;
import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.cli.LatticeLocalCommand;
import io.latticeshop.local.lambda.LambdaTarget;
import io.latticeshop.local.launch.Launcher;
import io.latticeshop.local.launch.WorkloadLogs;
import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.policy.PolicySet;
import io.latticeshop.local.proxy.HealthChecker;
import io.latticeshop.local.proxy.HttpTarget;
import io.latticeshop.local.proxy.Identity;
import io.latticeshop.local.proxy.ServiceEndpoint;
import io.latticeshop.local.proxy.Target;
import io.latticeshop.local.server.Limits;
import io.latticeshop.local.server.NettyRuntime;
import io.latticeshop.local.sigv4.SigV4Verifier;
import io.latticeshop.local.template.LocalIds;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.HealthCheck;
import io.latticeshop.local.template.Topology.LambdaFunction;
import io.latticeshop.local.template.Topology.Listener;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.Topology.TargetGroup;
import io.latticeshop.local.template.Topology.Vpc;
import io.latticeshop.local.template.TopologyReader;

/**
 * The local data plane: {@code java -jar lattice-local.jar --config local/shop.yaml}, or
 * in a test, {@code LatticeLocal.start(Path.of("lattice-local.yaml"))}, which returns
 * once every endpoint is open, every provisioned Lambda environment has polled and every
 * launched workload answers. Everything is checked before the first port opens.
 */
public final class LatticeLocal implements AutoCloseable {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<String> banner = new ArrayList<>();

	/** Each service's endpoint, by the binding's key for it. */
	private final Map<String, ServiceEndpoint> bound = new LinkedHashMap<>();

	private NettyRuntime netty;

	private Limits limits = Limits.DEFAULTS;

	/** Empty: the first transport that starts here. */
	private Optional<NettyRuntime.Transport> transport = Optional.empty();

	private final RequestRecorder recorder = new RequestRecorder(1000);

	private final LatticeMetrics metrics = new LatticeMetrics();

	private final List<ServiceEndpoint> endpoints = new ArrayList<>();

	private final Map<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile boolean ready;

	private volatile Map<String, Object> matrix;

	private Topology topology;

	private PolicySet policies;

	private Binding binding;

	private InetSocketAddress adminAddress;

	private Consumer<String> progress = System.err::println;

	private WorkloadLogs logs = WorkloadLogs.CONSOLE;

	LatticeLocal() {
	}

	/**
	 * Starts what the binding file describes, with its admin endpoint if it names one.
	 */
	public static LatticeLocal start(Path bindingFile) throws IOException {
		return builder(bindingFile).start();
	}

	public static Builder builder(Path bindingFile) {
		return new Builder(bindingFile);
	}

	/** How to start one for a test. */
	public static final class Builder {

		private final Path bindingFile;

		private Optional<String> admin = Optional.empty();

		private boolean launch = true;

		private Optional<Path> logs = Optional.empty();

		private Limits limits = Limits.DEFAULTS;

		private Optional<NettyRuntime.Transport> transport = Optional.empty();

		private Builder(Path bindingFile) {
			this.bindingFile = bindingFile;
		}

		/**
		 * Where the admin endpoint listens ({@code 127.0.0.1:0} for any free port), or
		 * {@code none}.
		 */
		public Builder admin(String listen) {
			this.admin = Optional.of(listen);
			return this;
		}

		/** Opens the endpoints only: the test starts the workloads itself. */
		public Builder withoutLaunching() {
			this.launch = false;
			return this;
		}

		/**
		 * Writes launched workloads' and Lambda environments' output here, a file each.
		 */
		public Builder logsIn(Path directory) {
			this.logs = Optional.of(directory);
			return this;
		}

		public Builder limits(Limits limits) {
			this.limits = limits;
			return this;
		}

		/** The event loops' transport, instead of the first that loads here. */
		public Builder transport(NettyRuntime.Transport transport) {
			this.transport = Optional.of(transport);
			return this;
		}

		public LatticeLocal start() throws IOException {
			Binding binding = BindingReader.read(this.bindingFile);
			if (!this.launch) {
				binding = binding.withoutLaunch();
			}
			if (this.admin.isPresent()) {
				binding = binding.withAdmin(this.admin);
			}
			LatticeLocal local = new LatticeLocal();
			this.logs.ifPresent((directory) -> local.logs = WorkloadLogs.inDirectory(directory));
			local.transport = this.transport;
			try {
				local.start(binding, this.limits);
			}
			catch (IOException | RuntimeException ex) {
				local.close();
				throw ex;
			}
			return local;
		}

	}

	/**
	 * The endpoint standing in for a service. {@code service} is the binding's key for it
	 * or anything else that names it in the template: its construct path, logical id or
	 * Lattice name.
	 */
	public URI endpoint(String service) {
		return URI.create("http://" + hostPort(endpointOf(service).address()));
	}

	/**
	 * The name the console, the request log, the metrics and {@code check} show for a
	 * service: its Lattice name ({@code Name} in the template), as the AWS console and
	 * the generated DNS name show it. {@code service} as for {@link #endpoint}.
	 */
	public String serviceName(String service) {
		return endpointOf(service).service().name();
	}

	private ServiceEndpoint endpointOf(String reference) {
		ServiceEndpoint byKey = this.bound.get(reference);
		if (byKey != null) {
			return byKey;
		}
		Optional<Service> named;
		try {
			named = (this.topology != null) ? this.topology.service(reference) : Optional.empty();
		}
		catch (StartupException ambiguous) {
			throw new IllegalArgumentException(ambiguous.getMessage(), ambiguous);
		}
		return named
			.flatMap((service) -> this.endpoints.stream()
				.filter((endpoint) -> endpoint.service().logicalId().equals(service.logicalId()))
				.findFirst())
			.orElseThrow(() -> new IllegalArgumentException("no service '" + reference + "' in the binding; one of "
					+ this.bound.entrySet()
						.stream()
						.map((entry) -> entry.getKey().equals(entry.getValue().service().name()) ? entry.getKey()
								: entry.getKey() + " (" + entry.getValue().service().name() + ")")
						.toList()));
	}

	/** A workload's local credentials, to sign calls as it. */
	public Credentials credentials(String workload) {
		Workload found = this.binding.workloads().get(workload);
		if (found == null || found.credentials().isEmpty()) {
			throw new IllegalArgumentException("no workload '" + workload + "' with credentials in the binding");
		}
		return found.credentials().get();
	}

	/** The admin endpoint, when there is one: health, requests, metrics, the console. */
	public Optional<URI> admin() {
		return Optional.ofNullable(this.adminAddress).map((address) -> URI.create("http://" + hostPort(address)));
	}

	/** Whether every endpoint is open and every workload started. */
	public boolean ready() {
		return this.ready;
	}

	/**
	 * The latest requests every endpoint saw, oldest first: who called what, the decision
	 * and why, the target and the status.
	 */
	public List<RecordedRequest> requests() {
		return this.recorder.latest();
	}

	public static void main(String[] args) throws InterruptedException {
		LatticeLocalCommand.main(args);
	}

	/**
	 * Starts everything the binding describes and serves until the JVM is stopped; Ctrl-C
	 * stops what it started. {@code transport}: the event loops', or empty for the first
	 * that starts here.
	 */
	public static void run(Binding binding, boolean verbose, Optional<NettyRuntime.Transport> transport)
			throws Exception {
		LatticeLocal local = new LatticeLocal();
		local.transport = transport;
		if (!verbose) {
			local.logs = WorkloadLogs.inDirectory(binding.baseDir().resolve("target/lattice-local"));
		}
		// Registered first: a Ctrl-C while the workloads are still starting must stop
		// them too.
		Runtime.getRuntime().addShutdownHook(new Thread(local::close, "lattice-local-shutdown"));
		local.start(binding);
		local.banner.forEach(System.err::println);
		Thread.currentThread().join();
	}

	/** Starts everything the binding describes; package-private for tests. */
	void start(Binding binding) throws IOException {
		start(binding, Limits.DEFAULTS);
	}

	/** Starts everything the binding describes, with these limits on clients. */
	void start(Binding binding, Limits limits) throws IOException {
		long began = System.nanoTime();
		Topology topology = TopologyReader.read(binding.template(), binding.region());
		this.topology = topology;
		this.binding = binding;
		progress("template read: " + binding.template().getFileName() + ", " + topology.services().size()
				+ " services, " + topology.targetGroups().size() + " target groups", began);
		this.netty = NettyRuntime.start(Runtime.getRuntime().availableProcessors(), this.transport);
		// Closed last: everything else runs on its event loops.
		this.resources.add(this.netty);
		this.limits = limits;
		PolicySet policies = PolicySet.compile(topology);
		this.policies = policies;
		Map<String, Service> boundServices = boundServices(binding, topology);
		if (!policies.notEvaluated().isEmpty()) {
			System.err.println("lattice-local: warning: not evaluated, taken to grant no vpc-lattice-svcs:Invoke: "
					+ String.join("; ", policies.notEvaluated()));
		}
		Optional<InetSocketAddress> adminAddress = binding.admin()
			.flatMap((listen) -> BindingReader.listenAddress(listen, "admin.listen"));
		if (adminAddress.isPresent()) {
			AdminEndpoint admin = listening("admin.listen", () -> new AdminEndpoint(this.netty, adminAddress.get(),
					this::health, this::matrix, this.recorder, this.metrics));
			this.resources.add(admin);
			this.adminAddress = admin.address();
			progress("admin endpoint open: http://" + hostPort(admin.address()) + "/ (health at /_lattice/health)",
					began);
		}
		Map<String, Identity> identities = new HashMap<>();
		Map<String, String> secrets = new HashMap<>();
		for (Workload workload : binding.workloads().values()) {
			if (workload.credentials().isEmpty()) {
				continue;
			}
			String where = "workloads." + workload.name();
			Role role = topology.role(workload.role().orElseThrow(), where + ".role");
			Vpc vpc = topology.vpc(workload.vpc().orElseThrow(), where + ".vpc");
			identities.put(workload.credentials().get().accessKeyId(),
					new Identity(Caller.assumedRole(role.arn(), workload.name(), workload.orgId()), vpc));
			secrets.put(workload.credentials().get().accessKeyId(), workload.credentials().get().secretAccessKey());
		}
		Optional<Vpc> anonymousVpc = binding.anonymousVpc().map((ref) -> topology.vpc(ref, "anonymousVpc"));
		AccessLog accessLog = binding.accessLog().map(AccessLog::toFile).orElseGet(AccessLog::toStdout);
		this.resources.add(accessLog);
		this.targets.putAll(targets(binding, topology));
		SigV4Verifier verifier = new SigV4Verifier(binding.region(), secrets::get, Clock.systemUTC());
		Optional<HopSpans> hopSpans = binding.traceServer().map(HopSpans::new);
		hopSpans.ifPresent(this.resources::add);
		ServiceEndpoint.Wiring wiring = new ServiceEndpoint.Wiring(topology, verifier, identities::get, anonymousVpc,
				policies, this.targets, accessLog, this.recorder, this.metrics, hopSpans);

		Launcher launcher = new Launcher(binding, topology, this.logs);
		this.resources.add(launcher);
		for (Map.Entry<String, ServiceBinding> entry : binding.services().entrySet()) {
			Service service = boundServices.get(entry.getKey());
			Listener listener = listener(service, entry.getValue(), "services." + entry.getKey());
			ServiceEndpoint endpoint = listening("services." + entry.getKey() + ".listen",
					() -> new ServiceEndpoint(service, listener,
							new InetSocketAddress(entry.getValue().host(), entry.getValue().port()), wiring, this.netty,
							limits));
			this.endpoints.add(endpoint);
			this.resources.add(endpoint);
			this.metrics.connections(service.name(), endpoint::acceptedConnections, endpoint::openConnections);
			this.bound.put(entry.getKey(), endpoint);
		}
		progress(this.endpoints.size() + " service endpoints open (" + this.netty.transport().label() + ")", began);
		for (Map.Entry<String, Target> entry : this.targets.entrySet()) {
			if (entry.getValue() instanceof LambdaTarget lambda) {
				lambda.awaitInit(Duration.ofSeconds(120));
				progress("Lambda function " + topology.references().shortPath(entry.getKey()) + " ready ("
						+ lambda.environmentStates().size() + " execution environment(s))", began);
			}
		}
		launcher.start();
		if (binding.workloads().values().stream().anyMatch((workload) -> workload.launch().isPresent())) {
			progress("workloads started", began);
		}
		this.banner.addAll(StartBanner.lines(binding, new AccessCheck(binding, topology, this.policies), this.bound,
				this.adminAddress));
		this.ready = true;
		progress("ready in " + String.format("%.1f", (System.nanoTime() - began) / 1e9) + " s", began);
	}

	/** Something that opens a port. */
	private interface Listening<T> {

		T open() throws IOException;

	}

	/**
	 * Opens a port, or stops the start with the setting that names it: a port in use is
	 * the binding's mistake (or another process's), not lattice-local's.
	 */
	private static <T> T listening(String setting, Listening<T> endpoint) {
		try {
			return endpoint.open();
		}
		catch (IOException ex) {
			throw new StartupException(setting + ": " + ex.getMessage(), ex);
		}
	}

	private void progress(String step, long began) {
		this.progress
			.accept(String.format("lattice-local: %-70s %6d ms", step, (System.nanoTime() - began) / 1_000_000));
	}

	private static String hostPort(InetSocketAddress address) {
		return address.getHostString() + ":" + address.getPort();
	}

	/** What {@code /_lattice/health} answers: 200 once ready, 503 before. */
	Map<String, Object> health() {
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("ready", this.ready);
		List<Map<String, Object>> services = new ArrayList<>();
		for (ServiceEndpoint endpoint : this.endpoints) {
			Map<String, Object> service = new LinkedHashMap<>();
			service.put("name", endpoint.service().name());
			service.put("endpoint", "http://" + hostPort(endpoint.address()));
			service.put("dnsName", endpoint.service().dnsName());
			service.put("authType", endpoint.service().authType().name());
			service.put("activeConnections", endpoint.openConnections());
			services.add(service);
		}
		health.put("services", services);
		List<Map<String, Object>> groups = new ArrayList<>();
		List<Map<String, Object>> environments = new ArrayList<>();
		if (this.topology != null) {
			for (TargetGroup group : this.topology.targetGroups().values()) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("name", group.name());
				entry.put("ref", this.topology.references().shortPath(group.logicalId()));
				entry.put("type", group.type());
				entry.put("protocolVersion", group.protocolVersion());
				Target target = this.targets.get(group.logicalId());
				List<Map<String, Object>> members = new ArrayList<>();
				if (target instanceof HttpTarget http) {
					// UNAVAILABLE is Lattice's word for a target whose group checks no
					// health.
					for (HttpTarget.Member member : http.members()) {
						Map<String, Object> state = new LinkedHashMap<>();
						state.put("target", member.ipPort());
						state.put("state", member.state().name());
						members.add(state);
					}
				}
				else if (target instanceof LambdaTarget lambda) {
					Map<String, Object> function = new LinkedHashMap<>();
					function.put("target", "lambda:" + group.name());
					// Lattice checks no health of Lambda targets.
					function.put("state", "UNAVAILABLE");
					members.add(function);
					for (Map<String, Object> state : lambda.environmentStates()) {
						Map<String, Object> environment = new LinkedHashMap<>(state);
						environment.put("function", entry.get("ref"));
						environments.add(environment);
					}
				}
				entry.put("bound", target != null);
				entry.put("targets", members);
				groups.add(entry);
			}
		}
		health.put("targetGroups", groups);
		health.put("lambdaEnvironments", environments);
		return health;
	}

	/**
	 * Which workload may make which call: each service's example calls (or the paths its
	 * policy names), checked for every workload with a role and for an anonymous caller.
	 */
	Map<String, Object> matrix() {
		// The policies do not change while lattice-local runs: worked out once, when
		// first
		// asked for.
		Map<String, Object> computed = this.matrix;
		if (computed == null && this.topology != null) {
			computed = computeMatrix();
			this.matrix = computed;
		}
		return (computed != null) ? computed : Map.of();
	}

	private Map<String, Object> computeMatrix() {
		Map<String, Object> matrix = new LinkedHashMap<>();
		AccessCheck check = new AccessCheck(this.binding, this.topology, this.policies);
		List<String> callers = new ArrayList<>();
		this.binding.workloads()
			.values()
			.stream()
			.filter((w) -> w.role().isPresent())
			.forEach((w) -> callers.add(w.name()));
		callers.add(AccessCheck.ANONYMOUS);
		matrix.put("callers", callers);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map.Entry<String, ServiceBinding> entry : this.binding.services().entrySet()) {
			Service service = this.bound.get(entry.getKey()).service();
			for (Example call : ExampleCalls.candidates(service, entry.getValue())) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("service", service.name());
				row.put("method", call.method());
				row.put("path", call.path());
				Map<String, Object> verdicts = new LinkedHashMap<>();
				for (String caller : callers) {
					AccessCheck.Result result = check.check(caller, Optional.empty(), call.method(), entry.getKey(),
							call.path(), Map.of());
					verdicts.put(caller, Map.of("allowed", result.allowed(), "reason", result.reason(), "statements",
							result.statements()));
				}
				row.put("verdicts", verdicts);
				rows.add(row);
			}
		}
		matrix.put("calls", rows);
		return matrix;
	}

	/**
	 * The service each key of the binding's {@code services} names. A key may be a
	 * construct path, a logical id or a Lattice name, so two keys can name one service,
	 * which would open two endpoints for one generated DNS name: refused.
	 */
	private static Map<String, Service> boundServices(Binding binding, Topology topology) {
		Map<String, Service> services = new LinkedHashMap<>();
		Map<String, String> keyOfService = new HashMap<>();
		for (String key : binding.services().keySet()) {
			Service service = topology.service(key, "services." + key);
			String earlier = keyOfService.putIfAbsent(service.logicalId(), key);
			if (earlier != null) {
				throw new StartupException("services." + key + ": service " + service.name()
						+ " is bound twice, also as services." + earlier + "; bind each service once");
			}
			services.put(key, service);
		}
		return services;
	}

	private Map<String, Target> targets(Binding binding, Topology topology) throws IOException {
		Map<String, Target> targets = new HashMap<>();
		for (Map.Entry<String, TargetBinding> entry : binding.targets().entrySet()) {
			String where = "targets." + entry.getKey();
			TargetGroup group = topology.targetGroup(entry.getKey(), where);
			TargetBinding target = entry.getValue();
			if (group.type().equals("LAMBDA") != target.lambda().isPresent()) {
				throw new StartupException(where + ": target group " + group.logicalId() + " is of type " + group.type()
						+ ", bind it with " + (group.type().equals("LAMBDA") ? "'lambda'" : "'url'"));
			}
			if (targets.containsKey(group.logicalId())) {
				throw new StartupException(where + ": target group " + group.logicalId() + " is bound twice");
			}
			if (!target.urls().isEmpty()) {
				HttpTarget http = new HttpTarget(topology.references().shortPath(group.logicalId()), target.urls(),
						target.timeout().orElse(Duration.ofSeconds(60)), group.protocolVersion(),
						this.limits.maxBodyBytes(), this.netty);
				targets.put(group.logicalId(), http);
				if (group.healthCheck().isPresent()) {
					HealthCheck check = group.healthCheck().get();
					HealthCheckOverrides overrides = target.healthCheck();
					HealthChecker checker = new HealthChecker(http, check,
							overrides.interval().orElse(Duration.ofSeconds(check.intervalSeconds())),
							overrides.timeout().orElse(Duration.ofSeconds(check.timeoutSeconds())),
							overrides.healthyThreshold().orElse(check.healthyThreshold()),
							overrides.unhealthyThreshold().orElse(check.unhealthyThreshold()), this.netty);
					this.resources.add(checker);
					checker.start();
				}
			}
			else {
				LambdaTarget lambda = new LambdaTarget(entry.getKey(), function(group, target, binding.region(), where),
						binding.region(), this.netty, this.logs);
				this.resources.add(lambda);
				targets.put(group.logicalId(), lambda);
			}
		}
		for (TargetGroup group : topology.targetGroups().values()) {
			if (!targets.containsKey(group.logicalId())) {
				System.err.println("lattice-local: target group " + topology.references().shortPath(group.logicalId())
						+ " is not bound in the binding file; requests routed to it get 503");
			}
		}
		return targets;
	}

	/** The template's function settings, overridden by whatever the binding gives. */
	static LambdaTarget.Function function(TargetGroup group, TargetBinding target, String region, String where) {
		LambdaBinding lambda = target.lambda().orElseThrow();
		Optional<LambdaFunction> function = group.function();
		String handler = lambda.handler()
			.or(() -> function.flatMap(LambdaFunction::handler))
			.orElseThrow(() -> new StartupException(where + ".lambda.handler: the template gives no handler for "
					+ group.logicalId() + "'s function, so the binding must"));
		Map<String, String> environment = new LinkedHashMap<>();
		function.ifPresent((template) -> environment.putAll(template.environment()));
		environment.putAll(lambda.env());
		String name = function.map(LambdaFunction::name).orElse(group.name());
		String arn = function.map(LambdaFunction::arn)
			.orElse("arn:aws:lambda:" + region + ":" + LocalIds.ACCOUNT + ":function:" + name);
		int memoryMb = lambda.memoryMb().or(() -> function.map(LambdaFunction::memoryMb)).orElse(512);
		Duration timeout = target.timeout()
			.or(() -> function.map((template) -> Duration.ofSeconds(template.timeoutSeconds())))
			.orElse(Duration.ofSeconds(60));
		// Lambda scales out one execution environment per concurrent request, up to the
		// function's reserved concurrency; locally each environment is a JVM, so the
		// default cap is the machine's cores rather than the account's 1000.
		Optional<Integer> reserved = function.flatMap(LambdaFunction::reservedConcurrency);
		if (reserved.isPresent() && reserved.get() < 1 && lambda.maxConcurrency().isEmpty()) {
			System.err.println("lattice-local: warning: " + where + ": the function's ReservedConcurrentExecutions is "
					+ reserved.get() + " (throttled in AWS); running one environment locally");
		}
		int maxConcurrency = lambda.maxConcurrency()
			.or(() -> reserved.map((value) -> Math.max(1, value)))
			.orElse(Math.max(1, Runtime.getRuntime().availableProcessors()));
		int provisioned = lambda.provisioned().orElse(1);
		if (provisioned > maxConcurrency) {
			throw new StartupException(where + ".lambda.provisioned: " + provisioned
					+ " environments exceed the function's concurrency limit " + maxConcurrency);
		}
		return new LambdaTarget.Function(name, arn, lambda.zip(), handler, environment, memoryMb, timeout,
				maxConcurrency, provisioned);
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

	List<String> banner() {
		return this.banner;
	}

	/** Where the admin endpoint listens; null when there is none. */
	InetSocketAddress adminAddress() {
		return this.adminAddress;
	}

	/** What the Lambda targets unpacked, removed when lattice-local stops. */
	List<Path> unpacked() {
		List<Path> unpacked = new ArrayList<>();
		for (Target target : this.targets.values()) {
			if (target instanceof LambdaTarget lambda) {
				unpacked.addAll(lambda.unpacked());
			}
		}
		return unpacked;
	}

	RequestRecorder recorder() {
		return this.recorder;
	}

	/** Where each service of the binding listens, by the binding's key for it. */
	Map<String, InetSocketAddress> addresses() {
		Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
		this.bound.forEach((key, endpoint) -> addresses.put(key, endpoint.address()));
		return addresses;
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
