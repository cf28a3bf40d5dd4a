package io.latticeshop.orders.lattice;

import java.util.Map;

/**
 * The V2 event structure a Lattice target group of type {@code LAMBDA} sends. Header and
 * query values are documented as lists; {@code Object} lets single strings through too.
 */
record LatticeEventV2(String version, String path, String method, Map<String, Object> headers,
		Map<String, Object> queryStringParameters, String body, Boolean isBase64Encoded,
		RequestContext requestContext) {

	record RequestContext(String serviceNetworkArn, String serviceArn, String targetGroupArn, Identity identity,
			String region, String timeEpoch) {

	}

	record Identity(String sourceVpcArn, String type, String principal, String principalOrgID, String sessionName,
			String x509IssuerOu, String x509SanDns, String x509SanNameCn, String x509SanUri, String x509SubjectCn) {

	}

}
