package io.latticeshop.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.template.Topology.PolicySource;
import io.latticeshop.local.template.Topology.PolicyStatement;
import io.latticeshop.local.template.Topology.Role;
import io.latticeshop.local.template.Topology.RolePolicy;
import tools.jackson.databind.JsonNode;

/**
 * The template's roles with the identity-based policies attached to them. IAM attaches a
 * policy to a role in four ways a template can express: inline in the role
 * ({@code Policies}), by the role's {@code ManagedPolicyArns}, and by an
 * {@code AWS::IAM::Policy} or {@code AWS::IAM::ManagedPolicy} that names the role in its
 * {@code Roles}. All four are read; a managed policy attached both ways counts once.
 */
final class RolePolicyReader {

	private static final Pattern AWS_MANAGED = Pattern.compile("arn:aws[a-z-]*:iam::aws:policy/(?:.*/)?([^/]+)");

	private final Intrinsics intrinsics;

	private final List<String> roleIds;

	private final List<String> inlinePolicyIds;

	private final List<String> managedPolicyIds;

	RolePolicyReader(Intrinsics intrinsics, List<String> roleIds, List<String> inlinePolicyIds,
			List<String> managedPolicyIds) {
		this.intrinsics = intrinsics;
		this.roleIds = roleIds;
		this.inlinePolicyIds = inlinePolicyIds;
		this.managedPolicyIds = managedPolicyIds;
	}

	Map<String, Role> read() {
		Map<String, String> roleIdByName = new LinkedHashMap<>();
		Map<String, List<RolePolicy>> policies = new LinkedHashMap<>();
		Map<String, List<String>> managedOfRole = new LinkedHashMap<>();
		for (String roleId : this.roleIds) {
			roleIdByName.put(this.intrinsics.roleName(roleId), roleId);
			policies.put(roleId, new ArrayList<>());
			managedOfRole.put(roleId, new ArrayList<>());
		}
		Map<String, String> managedIdByArn = new LinkedHashMap<>();
		for (String policyId : this.managedPolicyIds) {
			managedIdByArn.put(this.intrinsics.managedPolicyArn(policyId), policyId);
		}
		Map<String, Optional<String>> boundaries = new LinkedHashMap<>();
		for (String roleId : this.roleIds) {
			JsonNode properties = this.intrinsics.resource(roleId).path("Properties");
			int index = 0;
			for (JsonNode inline : properties.path("Policies")) {
				String where = roleId + ".Policies[" + index++ + "]";
				String name = this.intrinsics.string(inline.path("PolicyName"), where + ".PolicyName");
				policies.get(roleId)
					.add(new RolePolicy(name, PolicySource.TEMPLATE,
							statements(inline.path("PolicyDocument"), where + ".PolicyDocument")));
			}
			index = 0;
			for (JsonNode arnNode : properties.path("ManagedPolicyArns")) {
				String where = roleId + ".ManagedPolicyArns[" + index++ + "]";
				String arn = this.intrinsics.string(arnNode, where);
				String templatePolicy = managedIdByArn.get(arn);
				Matcher awsManaged = AWS_MANAGED.matcher(arn);
				if (templatePolicy != null) {
					managedOfRole.get(roleId).add(templatePolicy);
				}
				else if (awsManaged.matches()) {
					policies.get(roleId).add(new RolePolicy(awsManaged.group(1), PolicySource.AWS_MANAGED, List.of()));
				}
				else {
					policies.get(roleId).add(new RolePolicy(arn, PolicySource.EXTERNAL, List.of()));
				}
			}
			JsonNode boundary = properties.path("PermissionsBoundary");
			boundaries.put(roleId, boundary.isMissingNode() ? Optional.empty()
					: Optional.of(this.intrinsics.string(boundary, roleId + ".PermissionsBoundary")));
		}
		for (String policyId : this.inlinePolicyIds) {
			for (String roleId : attachedRoles(policyId, roleIdByName)) {
				JsonNode properties = this.intrinsics.resource(policyId).path("Properties");
				String name = this.intrinsics.string(properties.path("PolicyName"), policyId + ".PolicyName");
				policies.get(roleId)
					.add(new RolePolicy(name, PolicySource.TEMPLATE,
							statements(properties.path("PolicyDocument"), policyId + ".PolicyDocument")));
			}
		}
		for (String policyId : this.managedPolicyIds) {
			for (String roleId : attachedRoles(policyId, roleIdByName)) {
				if (!managedOfRole.get(roleId).contains(policyId)) {
					managedOfRole.get(roleId).add(policyId);
				}
			}
		}
		Map<String, Role> roles = new LinkedHashMap<>();
		for (String roleId : this.roleIds) {
			List<RolePolicy> attached = policies.get(roleId);
			for (String policyId : managedOfRole.get(roleId)) {
				String arn = this.intrinsics.managedPolicyArn(policyId);
				attached.add(new RolePolicy(arn.substring(arn.lastIndexOf('/') + 1), PolicySource.TEMPLATE,
						statements(this.intrinsics.resource(policyId).path("Properties").path("PolicyDocument"),
								policyId + ".PolicyDocument")));
			}
			roles.put(roleId, new Role(roleId, this.intrinsics.roleName(roleId), this.intrinsics.roleArn(roleId),
					List.copyOf(attached), boundaries.get(roleId)));
		}
		return roles;
	}

	/** The template's roles a policy resource names in its {@code Roles}. */
	private List<String> attachedRoles(String policyId, Map<String, String> roleIdByName) {
		List<String> roles = new ArrayList<>();
		int index = 0;
		for (JsonNode role : this.intrinsics.resource(policyId).path("Properties").path("Roles")) {
			String name = this.intrinsics.string(role, policyId + ".Roles[" + index++ + "]");
			// A role of another stack, named by its name: nothing here calls as it.
			String roleId = roleIdByName.get(name);
			if (roleId != null && !roles.contains(roleId)) {
				roles.add(roleId);
			}
		}
		return roles;
	}

	/**
	 * Each statement of a policy document, resolved where it can be. Statements about
	 * other services often name resources with no local value; whether that matters is
	 * for the policy compiler to decide, which knows what an action pattern covers.
	 */
	private List<PolicyStatement> statements(JsonNode document, String where) {
		JsonNode parsed = TopologyReader.parseIfText(document, where);
		JsonNode statement = parsed.path("Statement");
		List<JsonNode> each = new ArrayList<>();
		if (statement.isArray()) {
			statement.forEach(each::add);
		}
		else if (statement.isObject()) {
			each.add(statement);
		}
		else {
			throw new StartupException(where + ": policy has no Statement");
		}
		List<PolicyStatement> statements = new ArrayList<>();
		for (int i = 0; i < each.size(); i++) {
			String at = where + ".Statement[" + i + "]";
			try {
				statements.add(new PolicyStatement(i, this.intrinsics.resolve(each.get(i), at), Optional.empty()));
			}
			catch (StartupException ex) {
				statements.add(new PolicyStatement(i, each.get(i), Optional.of(ex.getMessage())));
			}
		}
		return List.copyOf(statements);
	}

}
