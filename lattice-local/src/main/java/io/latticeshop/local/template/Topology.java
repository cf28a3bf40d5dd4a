package io.latticeshop.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The data-plane view of a template: what a request meets on its way from a VPC to a
 * target. Policies stay JSON here; the policy package compiles them.
 */
public record Topology(String region, Map<String, ServiceNetwork> serviceNetworks, Map<String, Service> services,
		Map<String, TargetGroup> targetGroups, Map<String, Vpc> vpcs, Map<String, Role> roles) {

	public enum AuthType {

		NONE, AWS_IAM

	}

	public record ServiceNetwork(String logicalId, String name, String id, String arn, AuthType authType,
			Optional<JsonNode> policy, List<String> vpcLogicalIds) {
	}

	public record Service(String logicalId, String name, String id, String arn, String dnsName, AuthType authType,
			Optional<JsonNode> policy, List<String> serviceNetworkLogicalIds, List<Listener> listeners) {
	}

	public record Listener(String logicalId, String arn, String protocol, int port, List<Rule> rules,
			Action defaultAction) {
	}

	/** A listener rule; the default action is not one of them. */
	public record Rule(String logicalId, int priority, Optional<String> method, Optional<PathMatch> path,
			List<HeaderMatch> headers, Action action) {
	}

	public record PathMatch(String value, boolean prefix, boolean caseSensitive) {
	}

	public record HeaderMatch(String name, String kind, String value, boolean caseSensitive) {
	}

	/** Either forwards to weighted target groups or answers a fixed status. */
	public record Action(List<WeightedTargetGroup> forward, int fixedStatus) {
	}

	public record WeightedTargetGroup(String targetGroupLogicalId, int weight) {
	}

	public record TargetGroup(String logicalId, String name, String id, String arn, String type, String protocol,
			int port, String lambdaEventStructureVersion) {
	}

	public record Vpc(String logicalId, String id, String arn) {
	}

	public record Role(String logicalId, String name, String arn) {
	}

	/** Finds a service by its template Name or logical id. */
	public Optional<Service> service(String nameOrLogicalId) {
		Service byId = this.services.get(nameOrLogicalId);
		if (byId != null) {
			return Optional.of(byId);
		}
		return this.services.values().stream().filter((service) -> service.name().equals(nameOrLogicalId)).findFirst();
	}

	public Optional<TargetGroup> targetGroup(String nameOrLogicalId) {
		TargetGroup byId = this.targetGroups.get(nameOrLogicalId);
		if (byId != null) {
			return Optional.of(byId);
		}
		return this.targetGroups.values().stream().filter((group) -> group.name().equals(nameOrLogicalId)).findFirst();
	}

	/** Finds a VPC by logical id or by its local VPC id. */
	public Optional<Vpc> vpc(String logicalIdOrId) {
		Vpc byId = this.vpcs.get(logicalIdOrId);
		if (byId != null) {
			return Optional.of(byId);
		}
		return this.vpcs.values().stream().filter((vpc) -> vpc.id().equals(logicalIdOrId)).findFirst();
	}

	/** Finds a role by logical id, role name or ARN. */
	public Optional<Role> role(String reference) {
		Role byId = this.roles.get(reference);
		if (byId != null) {
			return Optional.of(byId);
		}
		return this.roles.values()
			.stream()
			.filter((role) -> role.name().equals(reference) || role.arn().equals(reference))
			.findFirst();
	}

}
