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
		Map<String, TargetGroup> targetGroups, Map<String, Vpc> vpcs, Map<String, Role> roles, References references) {

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

	/**
	 * {@code protocolVersion} is {@code HTTP1}, {@code HTTP2} or {@code GRPC};
	 * {@code function} is the Lambda function a LAMBDA group's target resolves to.
	 */
	public record TargetGroup(String logicalId, String name, String id, String arn, String type, String protocol,
			String protocolVersion, int port, String lambdaEventStructureVersion, Optional<LambdaFunction> function,
			Optional<HealthCheck> healthCheck) {
	}

	/**
	 * A target group's health check, with Lattice's defaults filled in; absent where
	 * Lattice checks nothing (LAMBDA and ALB groups, checks disabled, HTTP2 and GRPC
	 * groups that do not enable them). {@code matcher} is an HTTP code, a range
	 * ({@code 200-299}) or a list ({@code 200,202}).
	 */
	public record HealthCheck(String path, int intervalSeconds, int timeoutSeconds, int healthyThreshold,
			int unhealthyThreshold, String matcher, String protocolVersion) {
	}

	/**
	 * The settings Lambda would run a function with; the code itself stays an S3 asset
	 * and comes from the binding file.
	 */
	public record LambdaFunction(String logicalId, String name, String arn, Optional<String> handler, String runtime,
			Map<String, String> environment, int memoryMb, int timeoutSeconds, Optional<Integer> reservedConcurrency) {
	}

	public record Vpc(String logicalId, String id, String arn) {
	}

	/**
	 * An IAM role and the identity-based policies attached to it: its inline
	 * {@code Policies}, {@code AWS::IAM::Policy} and {@code AWS::IAM::ManagedPolicy}
	 * resources that name it, and its {@code ManagedPolicyArns}.
	 * {@code permissionsBoundary} is the boundary's ARN, when the role has one.
	 */
	public record Role(String logicalId, String name, String arn, List<RolePolicy> policies,
			Optional<String> permissionsBoundary) {
	}

	/** Where an identity-based policy's statements come from. */
	public enum PolicySource {

		/** Inline in the role, or a policy resource of the template. */
		TEMPLATE,
		/** An AWS managed policy: the template holds its ARN, not its statements. */
		AWS_MANAGED,
		/** A customer managed policy that is not in the template. */
		EXTERNAL

	}

	/**
	 * One identity-based policy of a role. {@code name} is the policy's name (for an AWS
	 * managed policy, the name after {@code policy/}); {@code statements} are empty
	 * unless the source is {@link PolicySource#TEMPLATE}.
	 */
	public record RolePolicy(String name, PolicySource source, List<PolicyStatement> statements) {
	}

	/**
	 * A statement of an identity-based policy and its position in the policy. A policy
	 * may also grant actions on resources that have no local value (a bucket's ARN): such
	 * a statement stays unresolved, with the reason in {@code unresolved}, and matters
	 * only if it could grant {@code vpc-lattice-svcs:Invoke}.
	 */
	public record PolicyStatement(int index, JsonNode statement, Optional<String> unresolved) {
	}

	/**
	 * Finds a service by logical id, construct path or Name; see {@link References}.
	 */
	public Optional<Service> service(String reference) {
		return this.references.find(reference, "AWS::VpcLattice::Service", reference).map(this.services::get);
	}

	public Service service(String reference, String where) {
		return this.services.get(this.references.require(reference, "AWS::VpcLattice::Service", where));
	}

	public Optional<TargetGroup> targetGroup(String reference) {
		return this.references.find(reference, "AWS::VpcLattice::TargetGroup", reference).map(this.targetGroups::get);
	}

	public TargetGroup targetGroup(String reference, String where) {
		return this.targetGroups.get(this.references.require(reference, "AWS::VpcLattice::TargetGroup", where));
	}

	/** Finds a VPC by logical id, construct path or its local VPC id. */
	public Optional<Vpc> vpc(String reference) {
		return this.references.find(reference, "AWS::EC2::VPC", reference).map(this.vpcs::get);
	}

	public Vpc vpc(String reference, String where) {
		return this.vpcs.get(this.references.require(reference, "AWS::EC2::VPC", where));
	}

	/** Finds a role by logical id, construct path, role name or ARN. */
	public Optional<Role> role(String reference) {
		return this.references.find(reference, "AWS::IAM::Role", reference).map(this.roles::get);
	}

	public Role role(String reference, String where) {
		return this.roles.get(this.references.require(reference, "AWS::IAM::Role", where));
	}

}
