package io.latticeshop.local.policy;

import java.util.Optional;

import io.latticeshop.local.policy.AuthPolicy.Verdict;

/**
 * Lattice's authorization: a request needs the service network's and the service's
 * consent, each given by its policy when its auth type is AWS_IAM, and, for a signed
 * request under AWS_IAM at either level, the consent of the caller's identity-based
 * policies too ("both auth policies and identity-based policies need to have explicit
 * allow statements"). An explicit Deny anywhere wins.
 */
public final class AuthEvaluator {

	private AuthEvaluator() {
	}

	/** One level of authorization; an empty policy under AWS_IAM allows nothing. */
	public record Level(boolean iam, Optional<AuthPolicy> policy) {

		public static final Level NONE = new Level(false, Optional.empty());

		AuthPolicy.Match verdict(RequestContext request) {
			if (!this.iam) {
				return new AuthPolicy.Match(Verdict.ALLOW, "auth type NONE");
			}
			return this.policy.map((policy) -> policy.explain(request))
				.orElse(new AuthPolicy.Match(Verdict.NO_ALLOW, null));
		}

	}

	/**
	 * The outcome; {@code denial} is Lattice's 403 text when denied, {@code reason} what
	 * refused ({@code Network}, {@code Service} or {@code Identity}), {@code statements}
	 * what each policy decided by, e.g.
	 * {@code network: Statement[0]; service: Statement[1] (AllowWeb); identity: RoleDefaultPolicy Statement[0]}.
	 */
	public record Decision(boolean allowed, String denial, String reason, String statements) {

	}

	/**
	 * @param identity the caller's identity-based policies, merged; empty for a caller
	 * whose role has none
	 */
	public static Decision decide(Level network, Level service, Optional<AuthPolicy> identity, RequestContext request) {
		AuthPolicy.Match networkMatch = network.verdict(request);
		AuthPolicy.Match serviceMatch = service.verdict(request);
		boolean identityApplies = !request.caller().anonymous() && (network.iam() || service.iam());
		AuthPolicy.Match identityMatch = !identityApplies ? new AuthPolicy.Match(Verdict.ALLOW, null)
				: identity.map((policy) -> policy.explain(request))
					.orElse(new AuthPolicy.Match(Verdict.NO_ALLOW, null));
		String statements = "network: " + describe(networkMatch) + "; service: " + describe(serviceMatch)
				+ "; identity: " + (identityApplies ? describe(identityMatch)
						: request.caller().anonymous() ? "none (anonymous caller)" : "not evaluated (auth type NONE)");
		if (networkMatch.verdict() == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a network-based policy", "Network", statements);
		}
		if (serviceMatch.verdict() == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a service-based policy", "Service", statements);
		}
		if (identityMatch.verdict() == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in an identity-based policy", "Identity", statements);
		}
		if (networkMatch.verdict() != Verdict.ALLOW) {
			return deny(request, "because no network-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Network", statements);
		}
		if (serviceMatch.verdict() != Verdict.ALLOW) {
			return deny(request, "because no service-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Service", statements);
		}
		if (identityMatch.verdict() != Verdict.ALLOW) {
			return deny(request, "because no identity-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Identity", statements);
		}
		return new Decision(true, null, null, statements);
	}

	private static String describe(AuthPolicy.Match match) {
		return switch (match.verdict()) {
			case ALLOW -> "allowed by " + match.statement();
			case EXPLICIT_DENY -> "denied by " + match.statement();
			case NO_ALLOW -> "no statement allows";
		};
	}

	private static Decision deny(RequestContext request, String why, String level, String statements) {
		String message = "AccessDeniedException: User: " + request.caller().principalArn()
				+ " is not authorized to perform: " + AuthPolicy.INVOKE + " on resource: " + request.resource() + " "
				+ why;
		return new Decision(false, message, level, statements);
	}

}
