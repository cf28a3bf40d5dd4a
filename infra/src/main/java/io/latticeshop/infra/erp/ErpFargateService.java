package io.latticeshop.infra.erp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.latticeshop.infra.tracing.XRayTracing;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The ERP: the {@code erp-service} container on ECS Fargate behind an internal
 * Application Load Balancer, which is the Lattice target. Only VPC Lattice may reach the
 * load balancer, and only the load balancer may reach the tasks.
 */
public class ErpFargateService extends Construct {

	public static final int CONTAINER_PORT = 8081;

	public static final int LISTENER_PORT = 80;

	public static final String HEALTH_CHECK_PATH = "/actuator/health";

	public static final int TASKS = 2;

	static final String ECS_VARIABLES = "The variables are peer URLs, the region, the Spring profile, where spans "
			+ "go and how many, and the trace agent's configuration: no secrets";

	/** The CloudWatch agent sidecar that sends the ERP's spans to X-Ray. */
	public static final String AGENT_CONTAINER = "cloudwatch-agent";

	private final ApplicationLoadBalancer loadBalancer;

	private final SecurityGroup loadBalancerSecurityGroup;

	private final FargateService service;

	private final Role taskRole;

	/**
	 * @param vpc where tasks and load balancer run (private subnets with egress, for
	 * image pulls)
	 * @param image the ERP image
	 * @param latticePrefixListId id of the {@code com.amazonaws.<region>.vpc-lattice}
	 * prefix list, the only source the load balancer admits
	 * @param environment variables for the container, peer URLs among them
	 * @param tracing how the ERP's spans reach X-Ray: through a CloudWatch agent sidecar
	 */
	public record Props(IVpc vpc, ContainerImage image, String latticePrefixListId, Map<String, String> environment,
			XRayTracing tracing) {

		public Props {
			Objects.requireNonNull(vpc, "vpc");
			Objects.requireNonNull(image, "image");
			Objects.requireNonNull(latticePrefixListId, "latticePrefixListId");
			Objects.requireNonNull(tracing, "tracing");
			environment = new TreeMap<>(environment);
		}

	}

	public ErpFargateService(Construct scope, String id, Props props) {
		super(scope, id);
		SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();

		Cluster cluster = Cluster.Builder.create(this, "Cluster")
			.vpc(props.vpc())
			.containerInsightsV2(ContainerInsights.ENABLED)
			.build();

		this.taskRole = Role.Builder.create(this, "TaskRole")
			.assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
			.description("Lattice Shop ERP task: signs its calls to Lattice services, writes its traces to X-Ray")
			.build();

		FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
			.cpu(512)
			.memoryLimitMiB(1024)
			.taskRole(this.taskRole)
			.runtimePlatform(RuntimePlatform.builder()
				.cpuArchitecture(CpuArchitecture.X86_64)
				.operatingSystemFamily(OperatingSystemFamily.LINUX)
				.build())
			.build();
		LogGroup logs = LogGroup.Builder.create(this, "Logs")
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		Map<String, String> environment = new TreeMap<>(props.environment());
		environment.put("SERVER_PORT", Integer.toString(CONTAINER_PORT));
		environment.putAll(props.tracing().applicationEnvironment());
		task.addContainer("erp-service",
				ContainerDefinitionOptions.builder()
					.image(props.image())
					.essential(true)
					.environment(environment)
					.portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build()))
					.logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("erp").build()))
					.build());
		// The task's containers share one network namespace (awsvpc), so the agent's
		// loopback listener is the ERP's OTLP endpoint and nothing outside the task
		// reaches it. Not essential: without it the ERP serves on, its spans dropped.
		task.addContainer(AGENT_CONTAINER,
				ContainerDefinitionOptions.builder()
					.image(ContainerImage.fromRegistry(XRayTracing.AGENT_IMAGE))
					.essential(false)
					.cpu(64)
					.memoryReservationMiB(128)
					.environment(Map.of("CW_CONFIG_CONTENT", props.tracing().agentConfig(null)))
					.logging(LogDrivers
						.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(AGENT_CONTAINER).build()))
					.build());
		XRayTracing.allowWrites(this.taskRole);

		this.service = FargateService.Builder.create(this, "Service")
			.cluster(cluster)
			.taskDefinition(task)
			// Two tasks, which ECS spreads across the two Availability Zones of the
			// private
			// subnets: one task or one zone can fail without the ERP going away.
			.desiredCount(TASKS)
			.minHealthyPercent(100)
			.maxHealthyPercent(200)
			.assignPublicIp(false)
			.vpcSubnets(privateSubnets)
			.circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
			.build();
		// Tasks pull their image through the NAT gateway (ECR's API; the layers come
		// through the S3 endpoint): started before the private subnets' default routes
		// exist, the first pulls fail and can trip the circuit breaker on the stack's
		// first create.
		this.service.getNode()
			.addDependency(props.vpc().selectSubnets(privateSubnets).getInternetConnectivityEstablished());

		// Egress is opened by CDK toward the tasks only, when they are added as targets.
		this.loadBalancerSecurityGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
			.vpc(props.vpc())
			.description("Lattice Shop ERP load balancer: HTTP from VPC Lattice only")
			.allowAllOutbound(false)
			.build();
		this.loadBalancerSecurityGroup.addIngressRule(Peer.prefixList(props.latticePrefixListId()),
				Port.tcp(LISTENER_PORT), "VPC Lattice to the ERP load balancer");

		this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
			.vpc(props.vpc())
			.vpcSubnets(privateSubnets)
			.internetFacing(false)
			.securityGroup(this.loadBalancerSecurityGroup)
			.dropInvalidHeaderFields(true)
			.build();
		// open(false): CDK would otherwise admit 0.0.0.0/0 on the listener port.
		ApplicationListener listener = this.loadBalancer.addListener("Http",
				BaseApplicationListenerProps.builder()
					.port(LISTENER_PORT)
					.protocol(ApplicationProtocol.HTTP)
					.open(false)
					.build());
		listener.addTargets("Erp",
				AddApplicationTargetsProps.builder()
					.port(CONTAINER_PORT)
					.protocol(ApplicationProtocol.HTTP)
					.targets(List.of(this.service))
					.deregistrationDelay(Duration.seconds(15))
					.healthCheck(HealthCheck.builder()
						.path(HEALTH_CHECK_PATH)
						.healthyHttpCodes("200")
						.interval(Duration.seconds(15))
						.build())
					.build());

		NagSuppressions.addResourceSuppressions(task,
				List.of(NagPackSuppression.builder().id("AwsSolutions-ECS2").reason(ECS_VARIABLES).build()));
		NagSuppressions.addResourceSuppressions(task.getExecutionRole(),
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-IAM5")
					.reason("ecr:GetAuthorizationToken supports no resource-level permissions; the token alone pulls "
							+ "nothing, the pull actions are scoped to the assets repository")
					.appliesTo(List.of("Resource::*"))
					.build()),
				true);
		NagSuppressions.addResourceSuppressions(this.loadBalancer, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-ELB2")
			.reason("Internal ALB reached only through VPC Lattice, whose access log subscription records every request")
			.build()));
	}

	public ApplicationLoadBalancer loadBalancer() {
		return this.loadBalancer;
	}

	public SecurityGroup loadBalancerSecurityGroup() {
		return this.loadBalancerSecurityGroup;
	}

	public FargateService service() {
		return this.service;
	}

	/**
	 * @return the role the ERP's SigV4 credentials come from
	 */
	public IRole taskRole() {
		return this.taskRole;
	}

}
