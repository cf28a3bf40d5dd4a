package io.latticeshop.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.template.Topology.Action;
import io.latticeshop.local.template.Topology.AuthType;
import io.latticeshop.local.template.Topology.HeaderMatch;
import io.latticeshop.local.template.Topology.HealthCheck;
import io.latticeshop.local.template.Topology.LambdaFunction;
import io.latticeshop.local.template.Topology.Listener;
import io.latticeshop.local.template.Topology.PathMatch;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.Rule;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.Topology.ServiceNetwork;
import io.latticeshop.local.template.Topology.TargetGroup;
import io.latticeshop.local.template.Topology.Vpc;
import io.latticeshop.local.template.Topology.WeightedTargetGroup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads a synthesized CloudFormation template into a {@link Topology}. Only the resources
 * Lattice's data plane needs are resolved, so unrelated resources (EC2 user data, ECS
 * task definitions...) may use intrinsics this reader does not know.
 */
public final class TopologyReader {

	private static final String LATTICE = "AWS::VpcLattice::";

	private final Intrinsics intrinsics;

	private final JsonNode resources;

	private final Map<String, String> logicalIdByIdentifier = new LinkedHashMap<>();

	// Several target groups may share a function; read (and warn about) it once.
	private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();

	private final Map<String, String> constructPaths;

	private TopologyReader(JsonNode template, String region, String stackName, Map<String, String> constructPaths) {
		this.intrinsics = new Intrinsics(template, region, stackName);
		this.resources = template.path("Resources");
		this.constructPaths = constructPaths;
	}

	public static Topology read(Path templateFile, String region) {
		JsonNode template;
		try {
			template = JsonMapper.shared().readTree(Files.readString(templateFile));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new StartupException(
					"Cannot read template " + templateFile + ": no such file (does `cdk synth` write it there?)", ex);
		}
		catch (IOException | JacksonException ex) {
			throw new StartupException("Cannot read template " + templateFile + ": " + ex.getMessage(), ex);
		}
		String stackName = templateFile.getFileName().toString().replaceFirst("\\.template\\.json$", "");
		return read(template, region, stackName, constructPaths(templateFile, stackName));
	}

	public static Topology read(JsonNode template, String region, String stackName) {
		return read(template, region, stackName, Map.of());
	}

	static Topology read(JsonNode template, String region, String stackName, Map<String, String> constructPaths) {
		if (!template.path("Resources").isObject()) {
			throw new StartupException("Template has no Resources section");
		}
		return new TopologyReader(template, region, stackName, constructPaths).read();
	}

	/**
	 * Construct paths by logical id from the cloud assembly around the template. A
	 * template carries them as {@code aws:cdk:path} only while path metadata is on; the
	 * assembly's metadata ({@code <stack>.metadata.json}, or {@code manifest.json} before
	 * CDK moved it out) always maps them to logical ids.
	 */
	static Map<String, String> constructPaths(Path templateFile, String stackName) {
		Map<String, String> paths = new LinkedHashMap<>();
		Path dir = templateFile.toAbsolutePath().getParent();
		JsonNode separate = readIfPresent(dir.resolve(stackName + ".metadata.json"));
		JsonNode manifest = readIfPresent(dir.resolve("manifest.json"));
		for (JsonNode metadata : List.of(separate, manifest.path("artifacts").path(stackName).path("metadata"))) {
			for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
				for (JsonNode item : entry.getValue()) {
					if ("aws:cdk:logicalId".equals(item.path("type").asString("")) && item.path("data").isString()) {
						paths.putIfAbsent(item.path("data").asString(), entry.getKey().replaceFirst("^/", ""));
					}
				}
			}
		}
		return paths;
	}

	private static JsonNode readIfPresent(Path file) {
		if (!Files.isRegularFile(file)) {
			return MissingNode.getInstance();
		}
		try {
			return JsonMapper.shared().readTree(Files.readString(file));
		}
		catch (IOException | JacksonException ex) {
			System.err.println("lattice-local: warning: cannot read " + file + " (" + ex.getMessage()
					+ "); construct paths from it are not available");
			return MissingNode.getInstance();
		}
	}

	private Topology read() {
		indexIdentifiers();
		Map<String, Vpc> vpcs = new LinkedHashMap<>();
		Map<String, Role> roles = new LinkedHashMap<>();
		Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
		for (String logicalId : logicalIds("AWS::EC2::VPC")) {
			String id = this.intrinsics.physicalRef(logicalId, logicalId);
			vpcs.put(logicalId, new Vpc(logicalId, id,
					"arn:aws:ec2:" + this.intrinsics.region() + ":" + LocalIds.ACCOUNT + ":vpc/" + id));
		}
		roles.putAll(new RolePolicyReader(this.intrinsics, logicalIds("AWS::IAM::Role"), logicalIds("AWS::IAM::Policy"),
				logicalIds("AWS::IAM::ManagedPolicy"))
			.read());
		for (String logicalId : logicalIds(LATTICE + "TargetGroup")) {
			targetGroups.put(logicalId, targetGroup(logicalId));
		}
		Map<String, JsonNode> policies = authPolicies();
		Map<String, List<String>> networksOfService = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "ServiceNetworkServiceAssociation")) {
			JsonNode properties = properties(logicalId);
			String service = reference(properties, "ServiceIdentifier", logicalId, LATTICE + "Service");
			String network = reference(properties, "ServiceNetworkIdentifier", logicalId, LATTICE + "ServiceNetwork");
			networksOfService.computeIfAbsent(service, (key) -> new ArrayList<>()).add(network);
		}
		Map<String, List<String>> vpcsOfNetwork = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "ServiceNetworkVpcAssociation")) {
			JsonNode properties = properties(logicalId);
			String network = reference(properties, "ServiceNetworkIdentifier", logicalId, LATTICE + "ServiceNetwork");
			String vpc = reference(properties, "VpcIdentifier", logicalId, "AWS::EC2::VPC");
			vpcsOfNetwork.computeIfAbsent(network, (key) -> new ArrayList<>()).add(vpc);
		}
		Map<String, ServiceNetwork> networks = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "ServiceNetwork")) {
			JsonNode properties = properties(logicalId);
			JsonNode name = properties.path("Name");
			networks.put(logicalId,
					new ServiceNetwork(logicalId,
							name.isMissingNode() ? LocalIds.latticeName(logicalId)
									: this.intrinsics.string(name, logicalId + ".Name"),
							this.intrinsics.latticeId(logicalId), this.intrinsics.latticeArn(logicalId),
							authType(properties, logicalId), Optional.ofNullable(policies.get(logicalId)),
							List.copyOf(vpcsOfNetwork.getOrDefault(logicalId, List.of()))));
		}
		Map<String, List<Listener>> listenersOfService = listeners(targetGroups);
		Map<String, Service> services = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "Service")) {
			JsonNode properties = properties(logicalId);
			services.put(logicalId,
					new Service(logicalId, this.intrinsics.serviceName(logicalId), this.intrinsics.latticeId(logicalId),
							this.intrinsics.latticeArn(logicalId),
							this.intrinsics.serviceDomainName(logicalId, logicalId), authType(properties, logicalId),
							Optional.ofNullable(policies.get(logicalId)),
							List.copyOf(networksOfService.getOrDefault(logicalId, List.of())),
							List.copyOf(listenersOfService.getOrDefault(logicalId, List.of()))));
		}
		return new Topology(this.intrinsics.region(), networks, services, targetGroups, vpcs, roles,
				references(vpcs, roles, targetGroups, networks, services));
	}

	private References references(Map<String, Vpc> vpcs, Map<String, Role> roles, Map<String, TargetGroup> targetGroups,
			Map<String, ServiceNetwork> networks, Map<String, Service> services) {
		Map<String, References.Entry> entries = new LinkedHashMap<>();
		for (String logicalId : this.resources.propertyNames()) {
			JsonNode resource = this.resources.get(logicalId);
			JsonNode inTemplate = resource.path("Metadata").path("aws:cdk:path");
			Optional<String> path = inTemplate.isString() ? Optional.of(inTemplate.asString())
					: Optional.ofNullable(this.constructPaths.get(logicalId));
			Set<String> names = new LinkedHashSet<>();
			if (vpcs.containsKey(logicalId)) {
				names.add(vpcs.get(logicalId).id());
			}
			else if (roles.containsKey(logicalId)) {
				names.add(roles.get(logicalId).name());
				names.add(roles.get(logicalId).arn());
			}
			else if (targetGroups.containsKey(logicalId)) {
				names.add(targetGroups.get(logicalId).name());
			}
			else if (networks.containsKey(logicalId)) {
				names.add(networks.get(logicalId).name());
			}
			else if (services.containsKey(logicalId)) {
				names.add(services.get(logicalId).name());
			}
			else if (resource.path("Properties").path("Name").isString()) {
				names.add(resource.path("Properties").path("Name").asString());
			}
			entries.put(logicalId, new References.Entry(logicalId, resource.path("Type").asString(""), path,
					Collections.unmodifiableSet(names)));
		}
		return new References(this.intrinsics.stackName(), entries);
	}

	/**
	 * Lattice identifiers may be given as ARN or as id; both lead back to one resource.
	 */
	private void indexIdentifiers() {
		for (String logicalId : this.resources.propertyNames()) {
			String type = this.intrinsics.type(logicalId);
			if (type.startsWith(LATTICE) && !type.equals(LATTICE + "AuthPolicy")
					&& !type.equals(LATTICE + "ResourcePolicy")) {
				this.logicalIdByIdentifier.put(this.intrinsics.latticeId(logicalId), logicalId);
				this.logicalIdByIdentifier.put(this.intrinsics.latticeArn(logicalId), logicalId);
			}
			else if (type.equals("AWS::EC2::VPC")) {
				this.logicalIdByIdentifier.put(this.intrinsics.physicalRef(logicalId, logicalId), logicalId);
			}
		}
	}

	private Map<String, JsonNode> authPolicies() {
		Map<String, JsonNode> policies = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "AuthPolicy")) {
			JsonNode properties = properties(logicalId);
			String target = reference(properties, "ResourceIdentifier", logicalId, null);
			String targetType = this.intrinsics.type(target);
			if (!targetType.equals(LATTICE + "Service") && !targetType.equals(LATTICE + "ServiceNetwork")) {
				throw new StartupException(
						logicalId + ": an auth policy applies to a service or a service network, not " + targetType);
			}
			JsonNode policy = parseIfText(properties.path("Policy"), logicalId + ".Policy");
			JsonNode resolved = this.intrinsics.resolve(policy, logicalId + ".Policy");
			if (policies.put(target, resolved) != null) {
				throw new StartupException(target + " has more than one AuthPolicy");
			}
		}
		return policies;
	}

	/** A policy document as a template may give it: JSON, or a string of JSON. */
	static JsonNode parseIfText(JsonNode policy, String where) {
		if (!policy.isString()) {
			return policy;
		}
		try {
			return JsonMapper.shared().readTree(policy.asString());
		}
		catch (JacksonException ex) {
			throw new StartupException(where + " is not JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private Map<String, List<Listener>> listeners(Map<String, TargetGroup> targetGroups) {
		Map<String, List<Rule>> rulesOfListener = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "Rule")) {
			JsonNode properties = properties(logicalId);
			String listener = reference(properties, "ListenerIdentifier", logicalId, LATTICE + "Listener");
			rulesOfListener.computeIfAbsent(listener, (key) -> new ArrayList<>()).add(rule(logicalId, properties));
		}
		Map<String, List<Listener>> listeners = new LinkedHashMap<>();
		for (String logicalId : logicalIds(LATTICE + "Listener")) {
			JsonNode properties = properties(logicalId);
			String service = reference(properties, "ServiceIdentifier", logicalId, LATTICE + "Service");
			String protocol = this.intrinsics.string(properties.path("Protocol"), logicalId + ".Protocol")
				.toUpperCase(Locale.ROOT);
			if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
				throw new StartupException(logicalId + ": listener protocol " + protocol
						+ " is not supported locally (HTTP and HTTPS are)");
			}
			JsonNode portNode = properties.path("Port");
			int port = portNode.isMissingNode() ? (protocol.equals("HTTPS") ? 443 : 80)
					: Integer.parseInt(this.intrinsics.string(portNode, logicalId + ".Port"));
			List<Rule> rules = new ArrayList<>(rulesOfListener.getOrDefault(logicalId, List.of()));
			rules.sort(Comparator.comparingInt(Rule::priority));
			Action defaultAction = action(properties.path("DefaultAction"), logicalId + ".DefaultAction");
			listeners.computeIfAbsent(service, (key) -> new ArrayList<>())
				.add(new Listener(logicalId, this.intrinsics.latticeArn(logicalId), protocol, port, List.copyOf(rules),
						defaultAction));
		}
		listeners.values().forEach((list) -> list.forEach((listener) -> checkTargets(listener, targetGroups)));
		return listeners;
	}

	private void checkTargets(Listener listener, Map<String, TargetGroup> targetGroups) {
		List<Action> actions = new ArrayList<>();
		actions.add(listener.defaultAction());
		listener.rules().forEach((rule) -> actions.add(rule.action()));
		for (Action action : actions) {
			for (WeightedTargetGroup forward : action.forward()) {
				if (!targetGroups.containsKey(forward.targetGroupLogicalId())) {
					throw new StartupException(listener.logicalId() + " forwards to unknown target group "
							+ forward.targetGroupLogicalId());
				}
			}
		}
	}

	private Rule rule(String logicalId, JsonNode properties) {
		JsonNode match = this.intrinsics.resolve(properties.path("Match").path("HttpMatch"), logicalId + ".Match");
		Optional<String> method = match.has("Method") ? Optional.of(match.get("Method").asString()) : Optional.empty();
		Optional<PathMatch> path = Optional.empty();
		JsonNode pathMatch = match.path("PathMatch");
		if (pathMatch.isObject()) {
			boolean caseSensitive = pathMatch.path("CaseSensitive").asBoolean(true);
			JsonNode kind = pathMatch.path("Match");
			path = Optional.of(kind.has("Exact") ? new PathMatch(kind.get("Exact").asString(), false, caseSensitive)
					: new PathMatch(kind.path("Prefix").asString("/"), true, caseSensitive));
		}
		List<HeaderMatch> headers = new ArrayList<>();
		for (JsonNode header : match.path("HeaderMatches")) {
			JsonNode kind = header.path("Match");
			String which = kind.propertyNames().iterator().next();
			headers.add(new HeaderMatch(header.path("Name").asString().toLowerCase(Locale.ROOT), which,
					kind.get(which).asString(), header.path("CaseSensitive").asBoolean(false)));
		}
		int priority = Integer.parseInt(this.intrinsics.string(properties.path("Priority"), logicalId + ".Priority"));
		return new Rule(logicalId, priority, method, path, List.copyOf(headers),
				action(properties.path("Action"), logicalId + ".Action"));
	}

	private Action action(JsonNode action, String where) {
		JsonNode fixed = action.path("FixedResponse");
		if (fixed.isObject()) {
			return new Action(List.of(),
					Integer.parseInt(this.intrinsics.string(fixed.path("StatusCode"), where + ".StatusCode")));
		}
		List<WeightedTargetGroup> forward = new ArrayList<>();
		for (JsonNode group : action.path("Forward").path("TargetGroups")) {
			String targetGroup = reference(group, "TargetGroupIdentifier", where, LATTICE + "TargetGroup");
			JsonNode weight = group.path("Weight");
			forward.add(new WeightedTargetGroup(targetGroup,
					weight.isMissingNode() ? 100 : Integer.parseInt(this.intrinsics.string(weight, where))));
		}
		if (forward.isEmpty()) {
			throw new StartupException(where + ": needs Forward.TargetGroups or FixedResponse");
		}
		return new Action(List.copyOf(forward), 0);
	}

	/**
	 * Lattice's health check for a target group: on by default for HTTP1 groups, off for
	 * HTTP2 and GRPC ones unless enabled, never for LAMBDA and ALB groups. Defaults from
	 * the target group health check page of the VPC Lattice guide: path /, every 30 s, a
	 * 5 s timeout, 5 successes to become healthy, 2 failures to become unhealthy, 200.
	 */
	private static Optional<HealthCheck> healthCheck(String type, String protocolVersion, JsonNode check) {
		if (type.equals("LAMBDA") || type.equals("ALB")) {
			return Optional.empty();
		}
		boolean enabled = check.path("Enabled").asBoolean(protocolVersion.equals("HTTP1"));
		if (!enabled) {
			return Optional.empty();
		}
		return Optional.of(new HealthCheck(check.path("Path").asString("/"),
				positive(check.path("HealthCheckIntervalSeconds").asInt(0), 30),
				positive(check.path("HealthCheckTimeoutSeconds").asInt(0), 5),
				positive(check.path("HealthyThresholdCount").asInt(0), 5),
				positive(check.path("UnhealthyThresholdCount").asInt(0), 2),
				check.path("Matcher").path("HttpCode").asString("200"),
				check.path("ProtocolVersion").asString("HTTP1").toUpperCase(Locale.ROOT)));
	}

	/** Lattice takes 0 for "the default". */
	private static int positive(int value, int fallback) {
		return (value > 0) ? value : fallback;
	}

	private TargetGroup targetGroup(String logicalId) {
		JsonNode properties = properties(logicalId);
		JsonNode config = this.intrinsics.resolve(properties.path("Config"), logicalId + ".Config");
		String type = this.intrinsics.string(properties.path("Type"), logicalId + ".Type").toUpperCase(Locale.ROOT);
		if (!List.of("INSTANCE", "IP", "ALB", "LAMBDA").contains(type)) {
			throw new StartupException(logicalId + ": unknown target group type " + type);
		}
		String protocol = config.path("Protocol").asString("HTTP").toUpperCase(Locale.ROOT);
		int port = config.path("Port").asInt(protocol.equals("HTTPS") ? 443 : 80);
		String protocolVersion = config.path("ProtocolVersion").asString("HTTP1").toUpperCase(Locale.ROOT);
		if (!List.of("HTTP1", "HTTP2", "GRPC").contains(protocolVersion)) {
			throw new StartupException(logicalId + ".Config.ProtocolVersion: unknown protocol version "
					+ protocolVersion + " (HTTP1, HTTP2 or GRPC)");
		}
		JsonNode name = properties.path("Name");
		Optional<LambdaFunction> function = Optional.empty();
		if (type.equals("LAMBDA")) {
			JsonNode targets = properties.path("Targets");
			if (targets.size() > 1) {
				throw new StartupException(logicalId + ": a LAMBDA target group has exactly one target");
			}
			function = targets.isEmpty() ? Optional.empty()
					: functionBehind(targets.get(0).path("Id"), logicalId + ".Targets[0].Id", 0).map(this::function);
		}
		return new TargetGroup(logicalId,
				name.isMissingNode() ? LocalIds.latticeName(logicalId) : this.intrinsics.string(name, logicalId),
				this.intrinsics.latticeId(logicalId), this.intrinsics.latticeArn(logicalId), type, protocol,
				protocolVersion, port,
				config.path("LambdaEventStructureVersion").asString("V1").toUpperCase(Locale.ROOT), function,
				healthCheck(type, protocolVersion, config.path("HealthCheck")));
	}

	/**
	 * Follows a Lambda target through aliases and versions to the function that holds its
	 * configuration.
	 */
	private Optional<String> functionBehind(JsonNode reference, String where, int depth) {
		String logicalId = null;
		if (reference.has("Ref")) {
			logicalId = reference.get("Ref").asString();
		}
		else if (reference.has("Fn::GetAtt")) {
			JsonNode args = reference.get("Fn::GetAtt");
			logicalId = args.isArray() ? args.get(0).asString() : args.asString().split("\\.")[0];
		}
		else if (reference.isString()) {
			logicalId = functionNamed(reference.asString());
		}
		if (logicalId == null || this.resources.get(logicalId) == null || depth > 3) {
			System.err.println("lattice-local: warning: " + where + " names no Lambda function of this template; "
					+ "the binding file must give the handler");
			return Optional.empty();
		}
		return switch (this.intrinsics.type(logicalId)) {
			case "AWS::Lambda::Function" -> Optional.of(logicalId);
			case "AWS::Lambda::Alias", "AWS::Lambda::Version" ->
				functionBehind(properties(logicalId).path("FunctionName"), logicalId + ".FunctionName", depth + 1);
			default -> {
				System.err.println("lattice-local: warning: " + where + " names " + logicalId + ", a "
						+ this.intrinsics.type(logicalId) + ", not a Lambda function");
				yield Optional.empty();
			}
		};
	}

	/** A function name or ARN, possibly with a qualifier, back to its logical id. */
	private String functionNamed(String nameOrArn) {
		String name = nameOrArn;
		if (name.startsWith("arn:")) {
			String[] parts = name.split(":");
			name = parts.length > 6 ? parts[6] : name;
		}
		for (String logicalId : logicalIds("AWS::Lambda::Function")) {
			if (this.intrinsics.functionName(logicalId).equals(name)) {
				return logicalId;
			}
		}
		return null;
	}

	private LambdaFunction function(String logicalId) {
		LambdaFunction known = this.functions.get(logicalId);
		if (known != null) {
			return known;
		}
		JsonNode properties = properties(logicalId);
		Map<String, String> environment = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> variable : properties.path("Environment").path("Variables").properties()) {
			String where = logicalId + ".Environment.Variables." + variable.getKey();
			try {
				environment.put(variable.getKey(), this.intrinsics.string(variable.getValue(), where));
			}
			catch (StartupException ex) {
				// An environment value is the function's business, not the data plane's:
				// run without it rather than refuse to start.
				System.err.println("lattice-local: warning: leaving out " + variable.getKey() + " of " + logicalId
						+ ", it has no local value (" + ex.getMessage() + "); set it under the binding's lambda.env");
			}
		}
		JsonNode handler = properties.path("Handler");
		String name = this.intrinsics.functionName(logicalId);
		LambdaFunction function = new LambdaFunction(logicalId, name,
				this.intrinsics.attribute(logicalId, "Arn", logicalId).asString(),
				handler.isMissingNode() ? Optional.empty()
						: Optional.of(this.intrinsics.string(handler, logicalId + ".Handler")),
				properties.path("Runtime").isMissingNode() ? "java21"
						: this.intrinsics.string(properties.path("Runtime"), logicalId + ".Runtime"),
				environment, integer(properties.path("MemorySize"), 128, logicalId + ".MemorySize"),
				integer(properties.path("Timeout"), 3, logicalId + ".Timeout"),
				properties.path("ReservedConcurrentExecutions").isMissingNode() ? Optional.empty()
						: Optional.of(integer(properties.path("ReservedConcurrentExecutions"), 0,
								logicalId + ".ReservedConcurrentExecutions")));
		this.functions.put(logicalId, function);
		return function;
	}

	private int integer(JsonNode value, int fallback, String where) {
		if (value.isMissingNode()) {
			return fallback;
		}
		String text = this.intrinsics.string(value, where);
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new StartupException(where + ": expected a number, got '" + text + "'");
		}
	}

	private AuthType authType(JsonNode properties, String logicalId) {
		JsonNode value = properties.path("AuthType");
		if (value.isMissingNode()) {
			return AuthType.NONE;
		}
		String type = this.intrinsics.string(value, logicalId + ".AuthType");
		try {
			return AuthType.valueOf(type);
		}
		catch (IllegalArgumentException ex) {
			throw new StartupException(logicalId + ": unknown AuthType " + type);
		}
	}

	/**
	 * Resolves an identifier property back to the logical id of the resource it names.
	 */
	private String reference(JsonNode properties, String property, String where, String expectedType) {
		String identifier = this.intrinsics.string(properties.path(property), where + "." + property);
		String logicalId = this.logicalIdByIdentifier.get(identifier);
		if (logicalId == null) {
			throw new StartupException(where + "." + property + " '" + identifier
					+ "' names no resource of this template (cross-stack references are not supported locally)");
		}
		if (expectedType != null && !this.intrinsics.type(logicalId).equals(expectedType)) {
			throw new StartupException(where + "." + property + " names " + logicalId + ", not a " + expectedType);
		}
		return logicalId;
	}

	private JsonNode properties(String logicalId) {
		return this.intrinsics.resource(logicalId).path("Properties");
	}

	private List<String> logicalIds(String type) {
		List<String> ids = new ArrayList<>();
		for (String logicalId : this.resources.propertyNames()) {
			JsonNode resource = this.resources.get(logicalId);
			if (resource.path("Type").asString("").equals(type) && included(resource, logicalId)) {
				ids.add(logicalId);
			}
		}
		return ids;
	}

	private boolean included(JsonNode resource, String logicalId) {
		JsonNode condition = resource.get("Condition");
		return condition == null || this.intrinsics.condition(condition.asString(), logicalId);
	}

}
