package io.latticeshop.infra.network;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A VPC of the shop. All of them use the same CIDR on purpose: peering and transit
 * gateway routing are impossible between them, so VPC Lattice is the only way their
 * workloads can talk.
 */
public class ShopVpc extends Construct {

	/** Shared by every VPC of the shop. */
	public static final String CIDR = "10.0.0.0/16";

	private final Vpc vpc;

	/**
	 * @param internetEgress whether workloads need outbound internet (package installs,
	 * image pulls, SSM): adds public subnets, one NAT gateway and an S3 gateway endpoint
	 * for the private subnets. Without it the VPC has isolated subnets only.
	 */
	public record Props(boolean internetEgress) {
	}

	public ShopVpc(Construct scope, String id, Props props) {
		super(scope, id);
		// Two AZs because an ALB requires them; one NAT gateway because this is a
		// reference system, not a production deployment.
		List<SubnetConfiguration> subnets = props.internetEgress()
				? List.of(subnet("public", SubnetType.PUBLIC), subnet("private", SubnetType.PRIVATE_WITH_EGRESS))
				: List.of(subnet("isolated", SubnetType.PRIVATE_ISOLATED));
		this.vpc = Vpc.Builder.create(this, "Vpc")
			.ipAddresses(IpAddresses.cidr(CIDR))
			.maxAzs(2)
			.natGateways(props.internetEgress() ? 1 : 0)
			.subnetConfiguration(subnets)
			.build();
		if (props.internetEgress()) {
			// What workloads download from S3 (the web server's jar, the Amazon Linux
			// mirrors, ECR's image layers) goes through this free endpoint instead of
			// the NAT gateway, which bills per GB.
			this.vpc.addGatewayEndpoint("S3",
					GatewayVpcEndpointOptions.builder()
						.service(GatewayVpcEndpointAwsService.S3)
						.subnets(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
						.build());
		}
		// Rejected flows only: accepted calls between workloads are in the Lattice access
		// logs already, and what is left worth reading here is what the security groups
		// stopped.
		LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		this.vpc.addFlowLog("FlowLog",
				FlowLogOptions.builder()
					.destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
					.trafficType(FlowLogTrafficType.REJECT)
					.build());
	}

	public Vpc vpc() {
		return this.vpc;
	}

	private static SubnetConfiguration subnet(String name, SubnetType type) {
		return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
	}

}
