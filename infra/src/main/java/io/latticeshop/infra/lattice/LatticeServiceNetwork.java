package io.latticeshop.infra.lattice;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.StarPrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.vpclattice.CfnAccessLogSubscription;
import software.amazon.awscdk.services.vpclattice.CfnAuthPolicy;
import software.amazon.awscdk.services.vpclattice.CfnServiceNetwork;
import software.amazon.awscdk.services.vpclattice.CfnServiceNetworkVpcAssociation;
import software.constructs.Construct;

/**
 * The Lattice service network of the shop: IAM auth, a network-wide auth policy that only
 * admits authenticated principals of this account calling from the associated VPCs, one
 * association per VPC, and access logs in CloudWatch Logs.
 * <p>
 * Services are added with {@link #addService}; each carries its own, narrower policy.
 */
public class LatticeServiceNetwork extends Construct {

	private final CfnServiceNetwork network;

	private final LogGroup accessLogs;

	private final LatticeNames names;

	/**
	 * @param names the physical names of the network, its services and its access logs
	 * @param vpcs the VPCs whose workloads may call services of the network, by a short
	 * name used in construct ids
	 * @param accessLogRetention how long access logs are kept
	 */
	public record Props(LatticeNames names, Map<String, IVpc> vpcs, RetentionDays accessLogRetention) {

		public Props {
			Objects.requireNonNull(names, "names");
			Objects.requireNonNull(accessLogRetention, "accessLogRetention");
			if (vpcs == null || vpcs.isEmpty()) {
				throw new IllegalArgumentException("a service network needs at least one VPC");
			}
			// Sorted so construct ids and the policy's VPC list do not depend on map
			// order.
			vpcs = new TreeMap<>(vpcs);
		}

	}

	public LatticeServiceNetwork(Construct scope, String id, Props props) {
		super(scope, id);
		this.names = props.names();
		this.network = CfnServiceNetwork.Builder.create(this, "Network")
			.name(this.names.network())
			.authType("AWS_IAM")
			.build();

		CfnAuthPolicy.Builder.create(this, "AuthPolicy")
			.resourceIdentifier(this.network.getAttrArn())
			.policy(networkPolicy(props.vpcs().values().stream().map(IVpc::getVpcId).toList()))
			.build();

		props.vpcs().forEach((vpcName, vpc) -> associate(vpcName, vpc));

		// The vendedlogs prefix keeps the log group's resource policy, which Lattice
		// writes on first delivery, under the size limit shared by all of an account's
		// log groups.
		this.accessLogs = LogGroup.Builder.create(this, "AccessLogs")
			.logGroupName(this.names.accessLogGroup())
			.retention(props.accessLogRetention())
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		// The log group's Arn attribute ends in ":*", which is the form Lattice requires
		// for a CloudWatch Logs destination.
		CfnAccessLogSubscription.Builder.create(this, "AccessLogSubscription")
			.resourceIdentifier(this.network.getAttrArn())
			.destinationArn(this.accessLogs.getLogGroupArn())
			.build();
	}

	/**
	 * Adds a service with IAM auth and associates it with this network. It denies
	 * everything until {@link LatticeService#allow} grants a call.
	 * @param id construct id
	 * @param name the service's plain name ({@link LatticeNames#service}), which becomes
	 * the first label of its generated DNS name
	 * @return the service
	 */
	public LatticeService addService(String id, String name) {
		return new LatticeService(this, id, this.names.service(name), this.network.getAttrArn());
	}

	public String arn() {
		return this.network.getAttrArn();
	}

	public LogGroup accessLogs() {
		return this.accessLogs;
	}

	private void associate(String vpcName, IVpc vpc) {
		// Narrows which clients in the VPC reach the network at all: HTTPS from inside
		// the VPC, which is the only listener protocol the shop uses.
		SecurityGroup clients = SecurityGroup.Builder.create(this, vpcName + "AssociationSecurityGroup")
			.vpc(vpc)
			.description("Clients in the " + vpcName + " VPC that may reach the Lattice service network")
			.allowAllOutbound(false)
			.build();
		clients.addIngressRule(Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(LatticeService.HTTPS_PORT),
				"HTTPS to Lattice services from inside the VPC");
		NagSuppressions.addResourceSuppressions(clients, List.of(NagPackSuppression.builder()
			.id("CdkNagValidationFailure")
			.reason("AwsSolutions-EC23 cannot read a CIDR that is a reference; the one ingress rule admits the VPC's "
					+ "own CIDR on 443")
			.appliesTo(List.of("AwsSolutions-EC23"))
			.build()));
		CfnServiceNetworkVpcAssociation.Builder.create(this, vpcName + "VpcAssociation")
			.serviceNetworkIdentifier(this.network.getAttrArn())
			.vpcIdentifier(vpc.getVpcId())
			.securityGroupIds(List.of(clients.getSecurityGroupId()))
			.build();
	}

	private static PolicyDocument networkPolicy(List<String> vpcIds) {
		// aws:PrincipalAccount is absent from anonymous requests, so this one condition
		// both rejects unsigned callers and callers of other accounts.
		return PolicyDocument.Builder.create()
			.statements(List.of(PolicyStatement.Builder.create()
				.sid("AuthenticatedCallersOfThisAccountFromShopVpcs")
				.effect(Effect.ALLOW)
				.principals(List.of(new StarPrincipal()))
				.actions(List.of(LatticeService.INVOKE))
				.resources(List.of("*"))
				.conditions(Map.of("StringEquals",
						Map.of("aws:PrincipalAccount", Aws.ACCOUNT_ID, "vpc-lattice-svcs:SourceVpc", vpcIds)))
				.build()))
			.build();
	}

}
