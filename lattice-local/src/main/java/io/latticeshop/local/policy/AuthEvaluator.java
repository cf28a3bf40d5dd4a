package io.latticeshop.local.policy;

import java.util.Optional;

import io.latticeshop.local.policy.AuthPolicy.Verdict;

/**
 * Lattice's two-level authorization: a request needs the service network's and the
 * service's consent, each given by its policy when its auth type is AWS_IAM; an explicit
 * Deny at either level wins.
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
	 * The outcome; {@code denial} is Lattice's 403 text when denied, {@code reason} the
	 * level that refused ({@code Network} or {@code Service}), {@code statements} what
	 * each level's policy decided by, e.g.
	 * {@code network: Statement[0]; service: Statement[1] (AllowWeb)}.
	 */
	public record Decision(boolean allowed, String denial, String reason, String statements) {

	}

	public static Decision decide(Level network, Level service, RequestContext request) {
		AuthPolicy.Match networkMatch = network.verdict(request);
		AuthPolicy.Match serviceMatch = service.verdict(request);
		String statements = "network: " + describe(networkMatch) + "; service: " + describe(serviceMatch);
		if (networkMatch.verdict() == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a network-based policy", "Network", statements);
		}
		if (serviceMatch.verdict() == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a service-based policy", "Service", statements);
		}
		if (networkMatch.verdict() != Verdict.ALLOW) {
			return deny(request, "because no network-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Network", statements);
		}
		if (serviceMatch.verdict() != Verdict.ALLOW) {
			return deny(request, "because no service-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Service", statements);
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
