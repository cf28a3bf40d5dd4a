package io.latticeshop.local.policy;

import java.util.Optional;

/**
 * Who is calling, as IAM sees it. {@code principalArn} is the session ARN Lattice
 * reports; {@code roleArn} is what {@code aws:PrincipalArn} and role principals compare.
 */
public record Caller(boolean anonymous, String principalArn, String roleArn, String account, String sessionName,
		Optional<String> orgId) {

	public static final Caller ANONYMOUS = new Caller(true, "anonymous", null, null, null, Optional.empty());

	/**
	 * The principal of a workload that assumed {@code roleArn} with session name
	 * {@code session}.
	 */
	public static Caller assumedRole(String roleArn, String session, Optional<String> orgId) {
		// arn:aws:iam::<account>:role/<path/>name ->
		// arn:aws:sts::<account>:assumed-role/<name>/<session>
		String[] parts = roleArn.split(":", 6);
		String roleName = parts[5].substring(parts[5].lastIndexOf('/') + 1);
		String sessionArn = "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + roleName + "/" + session;
		return new Caller(false, sessionArn, roleArn, parts[4], session, orgId);
	}

	public String principalType() {
		return this.anonymous ? "Anonymous" : "AssumedRole";
	}

}
