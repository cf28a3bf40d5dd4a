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

		Verdict verdict(RequestContext request) {
			if (!this.iam) {
				return Verdict.ALLOW;
			}
			return this.policy.map((policy) -> policy.evaluate(request)).orElse(Verdict.NO_ALLOW);
		}

	}

	/** The outcome; {@code denial} is Lattice's 403 text when denied. */
	public record Decision(boolean allowed, String denial, String reason) {

		static final Decision ALLOWED = new Decision(true, null, null);

	}

	public static Decision decide(Level network, Level service, RequestContext request) {
		Verdict networkVerdict = network.verdict(request);
		Verdict serviceVerdict = service.verdict(request);
		if (networkVerdict == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a network-based policy", "Network");
		}
		if (serviceVerdict == Verdict.EXPLICIT_DENY) {
			return deny(request, "with an explicit deny in a service-based policy", "Service");
		}
		if (networkVerdict != Verdict.ALLOW) {
			return deny(request, "because no network-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Network");
		}
		if (serviceVerdict != Verdict.ALLOW) {
			return deny(request, "because no service-based policy allows the " + AuthPolicy.INVOKE + " action",
					"Service");
		}
		return Decision.ALLOWED;
	}

	private static Decision deny(RequestContext request, String why, String level) {
		String message = "AccessDeniedException: User: " + request.caller().principalArn()
				+ " is not authorized to perform: " + AuthPolicy.INVOKE + " on resource: " + request.resource() + " "
				+ why;
		return new Decision(false, message, level);
	}

}
