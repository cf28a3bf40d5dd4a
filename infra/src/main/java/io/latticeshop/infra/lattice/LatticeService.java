package io.latticeshop.infra.lattice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.latticeshop.infra.lattice.LatticeTarget.AlbTarget;
import io.latticeshop.infra.lattice.LatticeTarget.InstanceTarget;
import io.latticeshop.infra.lattice.LatticeTarget.LambdaTarget;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.vpclattice.CfnAuthPolicy;
import software.amazon.awscdk.services.vpclattice.CfnListener;
import software.amazon.awscdk.services.vpclattice.CfnService;
import software.amazon.awscdk.services.vpclattice.CfnServiceNetworkServiceAssociation;
import software.amazon.awscdk.services.vpclattice.CfnTargetGroup;
import software.constructs.Construct;

/**
 * One Lattice service of the network: IAM auth, an HTTPS listener on the
 * Lattice-generated name, one target, and an auth policy that grows with every
 * {@link #allow} call.
 * <p>
 * Created before its target so that workloads can be handed their peers' URLs; the target
 * is attached once the workload exists.
 */
public class LatticeService extends Construct {

	/** Lattice serves its own certificate for the generated DNS name on this port. */
	public static final int HTTPS_PORT = 443;

	static final String INVOKE = "vpc-lattice-svcs:Invoke";

	private static final Pattern METHOD = Pattern.compile("[A-Z]+");

	private final CfnService service;

	private PolicyDocument authPolicy;

	private CfnTargetGroup targetGroup;

	LatticeService(Construct scope, String id, String name, String serviceNetworkArn) {
		super(scope, id);
		this.service = CfnService.Builder.create(this, "Service").name(name).authType("AWS_IAM").build();
		CfnServiceNetworkServiceAssociation.Builder.create(this, "NetworkAssociation")
			.serviceNetworkIdentifier(serviceNetworkArn)
			.serviceIdentifier(this.service.getAttrArn())
			.build();
	}

	/**
	 * The URL callers use, on the name Lattice generates (resolvable in every associated
	 * VPC).
	 * @return {@code https://} and the service's {@code DnsEntry.DomainName}
	 */
	public String url() {
		return "https://" + this.service.getAttrDnsEntryDomainName();
	}

	public String arn() {
		return this.service.getAttrArn();
	}

	public CfnService cfnService() {
		return this.service;
	}

	/**
	 * Sends every request of the HTTPS listener to {@code target}. Lattice terminates
	 * TLS; targets speak plain HTTP inside their VPC.
	 * @param target where the requests go
	 * @return the target group
	 */
	public CfnTargetGroup routeTo(LatticeTarget target) {
		if (this.targetGroup != null) {
			throw new IllegalStateException(this.service.getName() + " already routes to a target");
		}
		this.targetGroup = switch (target) {
			case InstanceTarget instance -> instanceTargetGroup(instance);
			case AlbTarget alb -> albTargetGroup(alb);
			case LambdaTarget lambda -> lambdaTargetGroup(lambda);
		};
		CfnListener.Builder.create(this, "HttpsListener")
			.serviceIdentifier(this.service.getAttrArn())
			.protocol("HTTPS")
			.port(HTTPS_PORT)
			.defaultAction(CfnListener.DefaultActionProperty.builder()
				.forward(CfnListener.ForwardProperty.builder()
					.targetGroups(List.of(CfnListener.WeightedTargetGroupProperty.builder()
						.targetGroupIdentifier(this.targetGroup.getAttrArn())
						.weight(100)
						.build()))
					.build())
				.build())
			.build();
		return this.targetGroup;
	}

	/**
	 * Lets {@code caller} send {@code method} requests for {@code path} to this service,
	 * and nothing else. Both halves of IAM authorization are written: the service's
	 * resource-based auth policy and the identity-based permission on the caller's role.
	 * @param caller the calling workload's role and VPC
	 * @param method the HTTP method, upper case
	 * @param path an exact path, or a pattern ending in {@code *} matched with
	 * {@code StringLike}
	 */
	public void allow(CallingWorkload caller, String method, String path) {
		if (!METHOD.matcher(method).matches()) {
			throw new IllegalArgumentException("HTTP method must be upper case: " + method);
		}
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("path must start with '/': " + path);
		}
		// Lattice matches the path without the query string; a trailing '*' grants a
		// subtree.
		Map<String, Object> equals = new LinkedHashMap<>();
		equals.put("vpc-lattice-svcs:SourceVpc", caller.vpc().getVpcId());
		equals.put("vpc-lattice-svcs:RequestMethod", method);
		Map<String, Object> conditions = new LinkedHashMap<>();
		conditions.put("StringEquals", equals);
		if (path.contains("*")) {
			conditions.put("StringLike", Map.of("vpc-lattice-svcs:RequestPath", path));
		}
		else {
			equals.put("vpc-lattice-svcs:RequestPath", path);
		}
		PolicyStatement statement = PolicyStatement.Builder.create()
			.sid(sid(method, path))
			.effect(Effect.ALLOW)
			.principals(List.of(new ArnPrincipal(caller.role().getRoleArn())))
			.actions(List.of(INVOKE))
			// The path twice: in the resource, as the Lattice guide's examples write it,
			// and in the condition; the statement holds whichever of the two Lattice
			// reads.
			.resources(List.of(this.service.getAttrArn() + path))
			.conditions(conditions)
			.build();
		authPolicy().addStatements(statement);
		caller.role()
			.addToPrincipalPolicy(PolicyStatement.Builder.create()
				.effect(Effect.ALLOW)
				.actions(List.of(INVOKE))
				.resources(List.of(this.service.getAttrArn(), this.service.getAttrArn() + "/*"))
				.build());
		NagSuppressions.addResourceSuppressions(caller.role(),
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-IAM5")
					.reason("Invoke on the " + this.service.getName() + " Lattice service only; the /* suffix stands "
							+ "for its request paths, which its auth policy narrows to method and path")
					.appliesTo(List.of(invokePathsFinding()))
					.build()),
				true);
	}

	/**
	 * The IAM5 finding cdk-nag reports for {@code <service ARN>/*}, named after this
	 * service's logical id, so that the suppression covers no other resource's wildcard.
	 */
	private String invokePathsFinding() {
		Object logicalId = Stack.of(this).resolve(this.service.getLogicalId());
		return "Resource::<" + logicalId + ".Arn>/*";
	}

	private PolicyDocument authPolicy() {
		// Created on the first grant: with AWS_IAM and no policy at all, Lattice denies
		// every request, which is the right default for a service nobody may call yet.
		if (this.authPolicy == null) {
			this.authPolicy = new PolicyDocument();
			CfnAuthPolicy.Builder.create(this, "AuthPolicy")
				.resourceIdentifier(this.service.getAttrArn())
				.policy(this.authPolicy)
				.build();
		}
		return this.authPolicy;
	}

	private static String sid(String method, String path) {
		String words = path.replaceAll("[^A-Za-z0-9]+", " ").trim();
		StringBuilder sid = new StringBuilder("Allow").append(method.charAt(0))
			.append(method.substring(1).toLowerCase(Locale.ROOT));
		for (String word : words.split(" ")) {
			if (!word.isEmpty()) {
				sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		return sid.toString();
	}

	private CfnTargetGroup instanceTargetGroup(InstanceTarget target) {
		return CfnTargetGroup.Builder.create(this, "InstanceTargets")
			.type("INSTANCE")
			.config(CfnTargetGroup.TargetGroupConfigProperty.builder()
				.port(target.port())
				.protocol("HTTP")
				.protocolVersion("HTTP1")
				.vpcIdentifier(target.vpc().getVpcId())
				.healthCheck(CfnTargetGroup.HealthCheckConfigProperty.builder()
					.enabled(true)
					.protocol("HTTP")
					.protocolVersion("HTTP1")
					.port(target.port())
					.path(target.healthCheckPath())
					.matcher(CfnTargetGroup.MatcherProperty.builder().httpCode("200").build())
					.build())
				.build())
			.build();
	}

	private CfnTargetGroup albTargetGroup(AlbTarget target) {
		CfnTargetGroup group = CfnTargetGroup.Builder.create(this, "AlbTargets")
			.type("ALB")
			.config(CfnTargetGroup.TargetGroupConfigProperty.builder()
				.port(target.listenerPort())
				.protocol("HTTP")
				.protocolVersion("HTTP1")
				.vpcIdentifier(target.vpc().getVpcId())
				.build())
			.targets(List.of(CfnTargetGroup.TargetProperty.builder()
				.id(target.loadBalancer().getLoadBalancerArn())
				.port(target.listenerPort())
				.build()))
			.build();
		// The load balancer is registered on its listener's port: wait for its listeners
		// (and their target groups) too, which the Ref to its ARN alone does not order.
		// The load balancer itself that Ref orders; a DependsOn on it is redundant
		// (W3005).
		target.loadBalancer().getListeners().forEach((listener) -> group.getNode().addDependency(listener));
		return group;
	}

	private CfnTargetGroup lambdaTargetGroup(LambdaTarget target) {
		// V2 carries the caller identity and multi-value headers; the order processor
		// parses both versions, but V1 stays the default if the field is left out.
		CfnTargetGroup group = CfnTargetGroup.Builder.create(this, "LambdaTargets")
			.type("LAMBDA")
			.config(CfnTargetGroup.TargetGroupConfigProperty.builder().lambdaEventStructureVersion("V2").build())
			.targets(List.of(CfnTargetGroup.TargetProperty.builder().id(target.function().getFunctionArn()).build()))
			.build();
		// The console and CLI add this permission when registering a function;
		// CloudFormation does not.
		target.function()
			.addPermission("LatticeInvoke",
					Permission.builder()
						.principal(new ServicePrincipal("vpc-lattice.amazonaws.com"))
						.action("lambda:InvokeFunction")
						.sourceArn(group.getAttrArn())
						.build());
		return group;
	}

}
