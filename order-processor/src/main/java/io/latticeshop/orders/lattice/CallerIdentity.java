package io.latticeshop.orders.lattice;

/**
 * Who Lattice says called, as far as the event tells. V2 events carry it in
 * {@code requestContext.identity}; V1 events carry none.
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
		String bounded = (value.length() > 256) ? value.substring(0, 256) + "…" : value;
		return bounded.replaceAll("\\p{Cntrl}", "?");
	}

}
