package io.latticeshop.local.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.policy.AuthEvaluator.Decision;
import io.latticeshop.local.policy.AuthEvaluator.Level;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.PolicySource;
import io.latticeshop.local.template.Topology.PolicyStatement;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.RolePolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every policy of a template compiled once: the auth policy of each service network and
 * service, and the identity-based policies of each role. What cannot be evaluated (a
 * customer managed policy outside the template, an AWS managed policy lattice-local does
 * not know, a permissions boundary) is listed by {@link #notEvaluated()} and taken to
 * grant nothing.
 */
public final class PolicySet {

	private static final JsonNode AWS_MANAGED = readAwsManaged();

	private final Map<String, Level> levels;

	private final Map<String, AuthPolicy> identityByRoleArn;

	private final List<String> notEvaluated;

	private PolicySet(Map<String, Level> levels, Map<String, AuthPolicy> identityByRoleArn, List<String> notEvaluated) {
		this.levels = levels;
		this.identityByRoleArn = identityByRoleArn;
		this.notEvaluated = notEvaluated;
	}

	public static PolicySet compile(Topology topology) {
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
		Map<String, AuthPolicy> identities = new LinkedHashMap<>();
		List<String> notEvaluated = new ArrayList<>();
		for (Role role : topology.roles().values()) {
			String roleRef = topology.references().shortPath(role.logicalId());
			List<AuthPolicy> policies = new ArrayList<>();
			for (RolePolicy policy : role.policies()) {
				String where = role.logicalId() + " policy " + policy.name();
				switch (policy.source()) {
					case TEMPLATE ->
						policies.add(AuthPolicy.compileIdentityBased(policy.name(), policy.statements(), where));
					case AWS_MANAGED -> {
						JsonNode known = AWS_MANAGED.get(policy.name());
						if (known == null) {
							notEvaluated.add("AWS managed policy " + policy.name() + " of role " + roleRef);
						}
						else {
							List<PolicyStatement> statements = new ArrayList<>();
							for (JsonNode statement : known) {
								statements.add(new PolicyStatement(statements.size(), statement, Optional.empty()));
							}
							policies.add(AuthPolicy.compileIdentityBased(policy.name(), statements, where));
						}
					}
					case EXTERNAL ->
						notEvaluated.add("policy " + policy.name() + " of role " + roleRef + " (not in the template)");
				}
			}
			role.permissionsBoundary()
				.ifPresent((boundary) -> notEvaluated.add("permissions boundary " + boundary + " of role " + roleRef));
			identities.put(role.arn(), AuthPolicy.merge(policies));
		}
		return new PolicySet(Map.copyOf(levels), Map.copyOf(identities), List.copyOf(notEvaluated));
	}

	/** A service network's or service's level, by logical id; NONE for an unknown one. */
	public Level level(String logicalId) {
		return this.levels.getOrDefault(logicalId, Level.NONE);
	}

	/**
	 * Decides a request to a service, reached through a service network or none, by every
	 * policy that applies to it.
	 */
	public Decision decide(Optional<String> networkLogicalId, String serviceLogicalId, RequestContext request) {
		Level network = networkLogicalId.map(this::level).orElse(Level.NONE);
		Optional<AuthPolicy> identity = Optional.ofNullable(request.caller().roleArn())
			.map(this.identityByRoleArn::get);
		return AuthEvaluator.decide(network, level(serviceLogicalId), identity, request);
	}

	/**
	 * What the roles have attached that is not evaluated, e.g.
	 * {@code AWS managed policy AmazonS3ReadOnlyAccess of role WebServer/Role}.
	 */
	public List<String> notEvaluated() {
		return this.notEvaluated;
	}

	private static JsonNode readAwsManaged() {
		try (InputStream in = PolicySet.class.getResourceAsStream("aws-managed-policies.json")) {
			return JsonMapper.shared().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
