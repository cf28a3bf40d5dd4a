package io.latticeshop.infra.tracing;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Node;

/**
 * How the web server and the ERP get their spans to AWS X-Ray: each sends them over
 * OTLP/HTTP to a CloudWatch agent on the same host (installed on each instance, a sidecar
 * container in each task), which listens on loopback only and forwards them with X-Ray's
 * {@code PutTraceSegments}. Why the CloudWatch agent:
 * docs/decisions/003-traces-to-xray-through-the-cloudwatch-agent.md.
 * <p>
 * The spans keep their W3C trace ids: X-Ray accepts them through the agent (1.300030.0 or
 * later), so no X-Ray id generator and no {@code X-Amzn-Trace-Id} propagation are needed;
 * {@code traceparent} stays the one trace header, as Lattice passes it through.
 *
 * @param samplingProbability the share of traces starting at a service that are kept
 * ({@code TRACING_SAMPLING_PROBABILITY}); a caller's decision, which travels in
 * {@code traceparent}, is followed
 */
public record XRayTracing(double samplingProbability) {

	/**
	 * Context key of the sampling probability: {@code cdk deploy -c tracingSampling=0.2}.
	 */
	public static final String CONTEXT_KEY = "tracingSampling";

	/** One trace in twenty: enough to see every path of a busy shop, cheap when idle. */
	public static final double DEFAULT_SAMPLING_PROBABILITY = 0.05;

	/**
	 * Where the agent takes OTLP/HTTP traces. An address rather than {@code localhost},
	 * which may resolve to {@code ::1} where the agent does not listen.
	 */
	public static final String OTLP_ENDPOINT = "http://127.0.0.1:4318/v1/traces";

	/**
	 * The agent's image for the ERP's sidecar, pinned: an image tag that moves would
	 * change what runs beside the ERP without a change here.
	 */
	public static final String AGENT_IMAGE = "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300072.0b1766";

	/**
	 * What the agent calls: segments, and the agent's own counts of what it sent and
	 * dropped. Neither action supports resource-level permissions.
	 */
	public static final List<String> WRITE_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

	public static final String WRITE_REASON = "X-Ray's PutTraceSegments and PutTelemetryRecords support no "
			+ "resource-level permissions; the statement allows writing trace data and nothing else";

	public XRayTracing {
		if (!(samplingProbability >= 0 && samplingProbability <= 1)) {
			throw new IllegalArgumentException(
					CONTEXT_KEY + " must be a probability between 0 and 1, was " + samplingProbability);
		}
	}

	/**
	 * The sampling probability of the {@value #CONTEXT_KEY} context key, or
	 * {@value #DEFAULT_SAMPLING_PROBABILITY}.
	 * @param node the app's node, where {@code -c} puts context
	 * @return the tracing of the shop's services
	 */
	public static XRayTracing fromContext(Node node) {
		Object value = node.tryGetContext(CONTEXT_KEY);
		if (value == null) {
			return new XRayTracing(DEFAULT_SAMPLING_PROBABILITY);
		}
		try {
			return new XRayTracing(Double.parseDouble(value.toString().strip()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(CONTEXT_KEY + " must be a probability between 0 and 1, was " + value);
		}
	}

	/**
	 * @return the variables that point a service's exporter at the agent and set how much
	 * it keeps (lattice-spring-boot-starter reads them)
	 */
	public Map<String, String> applicationEnvironment() {
		return Map.of("TRACING_OTLP_ENDPOINT", OTLP_ENDPOINT, "TRACING_SAMPLING_PROBABILITY",
				Double.toString(this.samplingProbability));
	}

	/**
	 * The agent's configuration: traces only, OTLP on loopback (gRPC on 4317 is the
	 * agent's default and unused), to X-Ray in the stack's region.
	 * @param runAsUser the user the agent drops to, or {@code null} to keep the one it
	 * starts as (the image's, in a container)
	 * @return the JSON document
	 */
	public String agentConfig(String runAsUser) {
		String agent = "{\"region\": \"" + Aws.REGION + "\""
				+ ((runAsUser != null) ? ", \"run_as_user\": \"" + runAsUser + "\"" : "") + "}";
		return "{\"agent\": " + agent + ", \"traces\": {\"traces_collected\": {\"otlp\": "
				+ "{\"grpc_endpoint\": \"127.0.0.1:4317\", \"http_endpoint\": \"127.0.0.1:4318\"}}}}";
	}

	/**
	 * Lets the agent that runs with {@code role} write to X-Ray, and records why the
	 * wildcard resource is accepted.
	 * @param role the instance or task role
	 */
	public static void allowWrites(IRole role) {
		role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.effect(Effect.ALLOW)
			.actions(WRITE_ACTIONS)
			.resources(List.of("*"))
			.build());
		acceptWildcardWrites(role);
	}

	/**
	 * Records why a role that writes to X-Ray has a statement on {@code *}: for the roles
	 * this class grants to, and for a Lambda function's, to which Lambda's active tracing
	 * adds the same two actions.
	 * @param role the role
	 */
	public static void acceptWildcardWrites(IRole role) {
		NagSuppressions.addResourceSuppressions(role,
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-IAM5")
					.reason(WRITE_REASON)
					.appliesTo(List.of("Resource::*"))
					.build()),
				true);
	}

}
