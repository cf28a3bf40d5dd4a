package io.latticeshop.infra.erp;

import java.util.List;
import java.util.Map;

import io.latticeshop.infra.network.ShopVpc;
import io.latticeshop.infra.tracing.XRayTracing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ContainerImage;

import static io.latticeshop.infra.CfnRefs.getAtt;
import static io.latticeshop.infra.CfnRefs.ingressRules;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.text;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErpFargateServiceTests {

	private static final String PREFIX_LIST = "pl-0123456789abcdef0";

	private ErpFargateService erp;

	private IVpc vpc;

	private Template template;

	@BeforeAll
	void synthesize() {
		Stack stack = new Stack(new App(), "Test");
		this.vpc = new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc();
		this.erp = new ErpFargateService(stack, "Erp",
				new ErpFargateService.Props(this.vpc, ContainerImage.fromRegistry("erp-service:test"), PREFIX_LIST,
						Map.of("LATTICE_PEERS_WEB_SERVER_URL", "https://web.example"), new XRayTracing(0.25)));
		this.template = Template.fromStack(stack);
	}

	@Test
	void loadBalancerIsInternalAndAdmitsOnlyLatticeOnItsListenerPort() {
		this.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
				Map.of("Scheme", "internal", "Type", "application"));
		assertThat(ingressRules(this.template, this.erp.loadBalancerSecurityGroup()))
			.containsExactly(Map.of("IpProtocol", "tcp", "FromPort", 80, "ToPort", 80, "SourcePrefixListId",
					PREFIX_LIST, "Description", "VPC Lattice to the ERP load balancer"));
		this.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 80, "Protocol", "HTTP"));
	}

	@Test
	void tasksAdmitOnlyTheLoadBalancerOnTheContainerPort() {
		assertThat(ingressRules(this.template, this.erp.service().getConnections().getSecurityGroups().get(0)))
			.containsExactly(Map.of("IpProtocol", "tcp", "FromPort", 8081, "ToPort", 8081, "Description",
					"Load balancer to target", "SourceSecurityGroupId",
					getAtt(this.erp.loadBalancerSecurityGroup(), "GroupId")));
	}

	@Test
	void loadBalancerChecksTheActuatorOnTheTasks() {
		this.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup",
				Map.of("Port", 8081, "Protocol", "HTTP", "TargetType", "ip", "HealthCheckPath", "/actuator/health",
						"Matcher", Map.of("HttpCode", "200")));
	}

	@Test
	void containerGetsItsPortPeersAndRole() {
		this.template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("RequiresCompatibilities",
				List.of("FARGATE"), "TaskRoleArn", getAtt(this.erp.taskRole(), "Arn"), "ContainerDefinitions",
				Match.arrayWith(List.of(Match.objectLike(Map.of("Image", "erp-service:test", "Essential", true,
						"PortMappings", List.of(Match.objectLike(Map.of("ContainerPort", 8081))), "Environment",
						List.of(Map.of("Name", "LATTICE_PEERS_WEB_SERVER_URL", "Value", "https://web.example"),
								Map.of("Name", "SERVER_PORT", "Value", "8081"),
								Map.of("Name", "TRACING_OTLP_ENDPOINT", "Value", "http://127.0.0.1:4318/v1/traces"),
								Map.of("Name", "TRACING_SAMPLING_PROBABILITY", "Value", "0.25"))))))));
		this.template.hasResourceProperties("AWS::ECS::Service", Map.of("LaunchType", "FARGATE", "NetworkConfiguration",
				Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))));
	}

	@Test
	void aCloudWatchAgentBesideTheErpTakesItsSpansOverOtlpOnLoopbackAndSendsThemToXRay() {
		List<?> containers = (List<?>) ((Map<?, ?>) this.template.findResources("AWS::ECS::TaskDefinition")
			.values()
			.iterator()
			.next()
			.get("Properties")).get("ContainerDefinitions");
		assertThat(containers).hasSize(2);
		@SuppressWarnings("unchecked")
		Map<String, Object> agent = (Map<String, Object>) containers.get(1);
		assertThat(agent).containsEntry("Name", "cloudwatch-agent")
			.containsEntry("Image", "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300072.0b1766")
			// Tracing never takes the ERP down with it.
			.containsEntry("Essential", false)
			.doesNotContainKey("PortMappings");
		List<?> environment = (List<?>) agent.get("Environment");
		assertThat(environment).hasSize(1);
		Map<?, ?> config = (Map<?, ?>) environment.get(0);
		assertThat(config.get("Name")).isEqualTo("CW_CONFIG_CONTENT");
		assertThat(text(config.get("Value"))).isEqualTo("{\"agent\": {\"region\": \"${AWS::Region}\"}, "
				+ "\"traces\": {\"traces_collected\": {\"otlp\": {\"grpc_endpoint\": \"127.0.0.1:4317\", "
				+ "\"http_endpoint\": \"127.0.0.1:4318\"}}}}");
	}

	@Test
	void theTaskRoleWritesTracesToXRayAndNothingMoreOfIt() {
		List<?> statements = (List<?>) ((Map<?, ?>) ((Map<?, ?>) this.template
			.findResources("AWS::IAM::Policy",
					Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", logicalId(this.erp.taskRole()))))))
			.values()
			.iterator()
			.next()
			.get("Properties")).get("PolicyDocument")).get("Statement");
		assertThat(List.<Object>copyOf(statements)).containsExactly(Map.of("Effect", "Allow", "Action",
				List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*"));
	}

	@Test
	void tasksStartOnlyOnceThePrivateSubnetsDefaultRoutesExist() {
		List<Object> routes = this.vpc.getPrivateSubnets()
			.stream()
			.map((subnet) -> (Object) logicalId(subnet.getNode().findChild("DefaultRoute")))
			.toList();
		assertThat(routes).hasSize(2);
		this.template.hasResource("AWS::ECS::Service", Map.of("DependsOn", Match.arrayWith(routes)));
	}

	@Test
	void clusterHasContainerInsights() {
		this.template.hasResourceProperties("AWS::ECS::Cluster",
				Map.of("ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
	}

}
