package io.latticeshop.lattice.server;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.latticeshop.contracts.LatticeHeaders;

/**
 * Who called, as VPC Lattice vouches for it in the headers it adds to every request it
 * forwards to a target ({@code x-amzn-lattice-identity}, {@code x-amzn-lattice-network},
 * {@code x-amzn-lattice-target}). Lattice strips these headers from incoming requests, so
 * behind Lattice they cannot be forged; without Lattice in front (standalone runs) they
 * are whatever the client sent and must be treated as information only.
 *
 * @param principal the authenticated principal ARN, {@code null} for anonymous callers
 * @param principalOrgId the principal's organization id, if any
 * @param sessionName the role session name, if any
 * @param type the authentication type, such as {@code AWS_IAM}
 * @param sourceVpcArn the VPC the request came from
 * @param serviceArn the Lattice service that was called
 * @param serviceNetworkArn the service network the call went through
 * @param targetGroupArn the target group that routed the call here
 */
public record LatticeCaller(String principal, String principalOrgId, String sessionName, String type,
		String sourceVpcArn, String serviceArn, String serviceNetworkArn, String targetGroupArn) {

	public static final String IDENTITY_HEADER = LatticeHeaders.IDENTITY;

	public static final String NETWORK_HEADER = LatticeHeaders.NETWORK;

	public static final String TARGET_HEADER = LatticeHeaders.TARGET;

	private static final LatticeCaller NONE = new LatticeCaller(null, null, null, null, null, null, null, null);

	/**
	 * Reads the caller from request headers.
	 * @param header looks up a header value by name, {@code null} when absent
	 * @return the caller; all fields {@code null} when the request did not come through
	 * Lattice
	 */
	public static LatticeCaller from(UnaryOperator<String> header) {
		Map<String, String> identity = LatticeHeaders.fields(header.apply(IDENTITY_HEADER));
		Map<String, String> network = LatticeHeaders.fields(header.apply(NETWORK_HEADER));
		Map<String, String> target = LatticeHeaders.fields(header.apply(TARGET_HEADER));
		if (identity.isEmpty() && network.isEmpty() && target.isEmpty()) {
			return NONE;
		}
		return new LatticeCaller(identity.get("Principal"), identity.get("PrincipalOrgID"), identity.get("SessionName"),
				identity.get("Type"), network.get("SourceVpcArn"), target.get("ServiceArn"),
				target.get("ServiceNetworkArn"), target.get("TargetGroupArn"));
	}

	/**
	 * Whether Lattice authenticated the caller.
	 * @return {@code true} for a signed request from a known principal
	 */
	public boolean isAuthenticated() {
		return this.principal != null && !this.principal.isBlank();
	}

	/**
	 * A short description for logs.
	 * @return principal and source VPC, or {@code anonymous}
	 */
	public String describe() {
		String who = isAuthenticated() ? this.principal : "anonymous";
		return (this.sourceVpcArn != null) ? who + " from " + this.sourceVpcArn : who;
	}

}
