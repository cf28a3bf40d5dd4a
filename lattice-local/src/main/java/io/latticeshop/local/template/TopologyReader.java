package io.latticeshop.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.template.Topology.Action;
import io.latticeshop.local.template.Topology.AuthType;
import io.latticeshop.local.template.Topology.HeaderMatch;
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

	private TopologyReader(JsonNode template, String region, String stackName) {
		this.intrinsics = new Intrinsics(template, region, stackName);
		this.resources = template.path("Resources");
	}

	public static Topology read(Path templateFile, String region) {
		JsonNode template;
		try {
			template = JsonMapper.shared().readTree(Files.readString(templateFile));
		}
		catch (IOException | JacksonException ex) {
			throw new StartupException("Cannot read template " + templateFile + ": " + ex.getMessage(), ex);
		}
		String stackName = templateFile.getFileName().toString().replaceFirst("\\.template\\.json$", "");
		return read(template, region, stackName);
	}

	public static Topology read(JsonNode template, String region, String stackName) {
		if (!template.path("Resources").isObject()) {
			throw new StartupException("Template has no Resources section");
		}
		return new TopologyReader(template, region, stackName).read();
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
		for (String logicalId : logicalIds("AWS::IAM::Role")) {
			roles.put(logicalId,
					new Role(logicalId, this.intrinsics.roleName(logicalId), this.intrinsics.roleArn(logicalId)));
		}
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
		return new Topology(this.intrinsics.region(), networks, services, targetGroups, vpcs, roles);
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
			JsonNode policy = properties.path("Policy");
			if (policy.isString()) {
				try {
					policy = JsonMapper.shared().readTree(policy.asString());
				}
				catch (JacksonException ex) {
					throw new StartupException(logicalId + ".Policy is not JSON: " + ex.getOriginalMessage(), ex);
				}
			}
			JsonNode resolved = this.intrinsics.resolve(policy, logicalId + ".Policy");
			if (policies.put(target, resolved) != null) {
				throw new StartupException(target + " has more than one AuthPolicy");
			}
		}
		return policies;
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

	private TargetGroup targetGroup(String logicalId) {
		JsonNode properties = properties(logicalId);
		JsonNode config = this.intrinsics.resolve(properties.path("Config"), logicalId + ".Config");
		String type = this.intrinsics.string(properties.path("Type"), logicalId + ".Type").toUpperCase(Locale.ROOT);
		if (!List.of("INSTANCE", "IP", "ALB", "LAMBDA").contains(type)) {
			throw new StartupException(logicalId + ": unknown target group type " + type);
		}
		String protocol = config.path("Protocol").asString("HTTP").toUpperCase(Locale.ROOT);
		int port = config.path("Port").asInt(protocol.equals("HTTPS") ? 443 : 80);
		JsonNode name = properties.path("Name");
		return new TargetGroup(logicalId,
				name.isMissingNode() ? LocalIds.latticeName(logicalId) : this.intrinsics.string(name, logicalId),
				this.intrinsics.latticeId(logicalId), this.intrinsics.latticeArn(logicalId), type, protocol, port,
				config.path("LambdaEventStructureVersion").asString("V1").toUpperCase(Locale.ROOT));
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
