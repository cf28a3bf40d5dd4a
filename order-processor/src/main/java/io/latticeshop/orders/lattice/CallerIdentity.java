package io.latticeshop.orders.lattice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.latticeshop.contracts.JsonBodies;
import io.latticeshop.contracts.LatticeHeaders;

/**
 * Who Lattice says called, as far as the event tells. V2 events carry it in
 * {@code requestContext.identity}, V1 events in the {@code x-amzn-lattice-identity} and
 * {@code x-amzn-lattice-network} headers that Lattice adds to every request.
 */
record CallerIdentity(String type, String principal, String principalOrgId, String sessionName, String sourceVpcArn) {

	static final CallerIdentity UNKNOWN = new CallerIdentity(null, null, null, null, null);

	static CallerIdentity from(LatticeEventV2.RequestContext context) {
		if (context == null || context.identity() == null) {
			return UNKNOWN;
		}
		LatticeEventV2.Identity identity = context.identity();
		return new CallerIdentity(identity.type(), identity.principal(), identity.principalOrgID(),
				identity.sessionName(), identity.sourceVpcArn());
	}

	/**
	 * Reads {@code Principal=...; PrincipalOrgID=...; SessionName=...; Type=AWS_IAM} and
	 * {@code SourceVpcArn=...}.
	 */
	static CallerIdentity fromHeaders(Map<String, List<String>> headers) {
		Map<String, String> identity = attributes(headers.get(LatticeHeaders.IDENTITY));
		Map<String, String> network = attributes(headers.get(LatticeHeaders.NETWORK));
		if (identity.isEmpty() && network.isEmpty()) {
			return UNKNOWN;
		}
		return new CallerIdentity(identity.get("Type"), identity.get("Principal"), identity.get("PrincipalOrgID"),
				identity.get("SessionName"), network.get("SourceVpcArn"));
	}

	/** The fields of every value a header was given, the first of a field winning. */
	private static Map<String, String> attributes(List<String> values) {
		Map<String, String> attributes = new HashMap<>();
		if (values != null) {
			values.forEach((value) -> LatticeHeaders.fields(value).forEach(attributes::putIfAbsent));
		}
		return attributes;
	}

	/**
	 * One line for the log. Values come from the event, so line breaks and other control
	 * characters are neutralised: a caller must not be able to forge log lines.
	 */
	String describe() {
		if (this.equals(UNKNOWN)) {
			return "caller=unknown";
		}
		return "caller.type=" + clean(this.type) + " caller.principal=" + clean(this.principal) + " caller.orgId="
				+ clean(this.principalOrgId) + " caller.session=" + clean(this.sessionName) + " caller.sourceVpc="
				+ clean(this.sourceVpcArn);
	}

	static String clean(String value) {
		if (value == null) {
			return "-";
		}
		return JsonBodies.clean(value);
	}

}
