package io.latticeshop.infra.lattice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.latticeshop.infra.lattice.LatticeTarget.AlbTarget;
import io.latticeshop.infra.lattice.LatticeTarget.InstanceTarget;
import io.latticeshop.infra.lattice.LatticeTarget.LambdaTarget;
import io.latticeshop.infra.network.ShopVpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;

import static io.latticeshop.infra.CfnRefs.getAtt;
import static io.latticeshop.infra.CfnRefs.join;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatticeServiceNetworkTests {

	private Stack stack;

	private Template template;

	private Vpc webVpc;

	private Vpc albVpc;

	private Vpc lambdaVpc;

	private ApplicationLoadBalancer alb;

	private Alias alias;

	private Role webRole;

	private Role albRole;

	private LatticeServiceNetwork network;

	private LatticeService web;

	private LatticeService albService;

	private LatticeService lambda;

	private LatticeService unused;

	@BeforeAll
	void synthesize() {
		this.stack = new Stack(new App(), "Test");
		this.webVpc = new ShopVpc(this.stack, "WebVpc", new ShopVpc.Props(false)).vpc();
		this.albVpc = new ShopVpc(this.stack, "AlbVpc", new ShopVpc.Props(false)).vpc();
		this.lambdaVpc = new ShopVpc(this.stack, "LambdaVpc", new ShopVpc.Props(false)).vpc();
		this.alb = ApplicationLoadBalancer.Builder.create(this.stack, "Alb").vpc(this.albVpc).build();
		Function function = Function.Builder.create(this.stack, "Function")
			.runtime(Runtime.NODEJS_22_X)
			.handler("index.handler")
			.code(Code.fromInline("exports.handler = async () => ({});"))
			.build();
		this.alias = Alias.Builder.create(this.stack, "Alias")
			.aliasName("live")
			.version(function.getCurrentVersion())
			.build();
		this.webRole = Role.Builder.create(this.stack, "WebRole")
			.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
			.build();
		this.albRole = Role.Builder.create(this.stack, "AlbRole")
			.assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
			.build();

		this.network = new LatticeServiceNetwork(this.stack, "Lattice",
				new LatticeServiceNetwork.Props(LatticeNames.forStack("MyShop"),
						Map.of("Web", this.webVpc, "Alb", this.albVpc, "Lambda", this.lambdaVpc),
						RetentionDays.ONE_WEEK));
		this.web = this.network.addService("Web", "web");
		this.albService = this.network.addService("AlbService", "alb-service");
		this.lambda = this.network.addService("Lambda", "lambda");
		this.unused = this.network.addService("Unused", "unused");
		this.web.routeTo(new InstanceTarget(8080, this.webVpc, "/actuator/health"));
		this.albService.routeTo(new AlbTarget(this.alb, 80, this.albVpc));
		this.lambda.routeTo(new LambdaTarget(this.alias));
		this.albService.allow(new CallingWorkload(this.webRole, this.webVpc), "GET", "/api/customers/*");
		this.lambda.allow(new CallingWorkload(this.webRole, this.webVpc), "POST", "/orders/process");
		this.web.allow(new CallingWorkload(this.albRole, this.albVpc), "GET", "/api/orders/*");
		this.template = Template.fromStack(this.stack);
	}

	@Test
	void networkRequiresIamAuthAndAdmitsOnlyAuthenticatedCallersOfTheAccountFromItsVpcs() {
		this.template.hasResourceProperties("AWS::VpcLattice::ServiceNetwork",
				Map.of("Name", "my-shop", "AuthType", "AWS_IAM"));
		assertThat(policyOf(this.network.getNode().findChild("Network")))
			.isEqualTo(
					Map.of("Version", "2012-10-17", "Statement",
							List.of(Map.of("Sid", "AuthenticatedCallersOfThisAccountFromShopVpcs", "Effect", "Allow",
									"Principal", "*", "Action", "vpc-lattice-svcs:Invoke", "Resource", "*", "Condition",
									Map.of("StringEquals", Map.of("aws:PrincipalAccount",
											Map.of("Ref", "AWS::AccountId"), "vpc-lattice-svcs:SourceVpc",
											List.of(ref(this.albVpc), ref(this.lambdaVpc), ref(this.webVpc))))))));
	}

	@Test
	void everyVpcIsAssociatedAndOnlyHttpsFromInsideItReachesTheNetwork() {
		this.template.resourceCountIs("AWS::VpcLattice::ServiceNetworkVpcAssociation", 3);
		for (Vpc vpc : List.of(this.webVpc, this.albVpc, this.lambdaVpc)) {
			Capture securityGroup = new Capture();
			this.template.hasResourceProperties("AWS::VpcLattice::ServiceNetworkVpcAssociation",
					Map.of("VpcIdentifier", ref(vpc), "ServiceNetworkIdentifier",
							getAtt(this.network.getNode().findChild("Network"), "Arn"), "SecurityGroupIds",
							List.of(securityGroup)));
			String groupId = ((List<?>) securityGroup.asObject().get("Fn::GetAtt")).get(0).toString();
			Map<?, ?> properties = properties("AWS::EC2::SecurityGroup", groupId);
			assertThat(properties.get("SecurityGroupIngress"))
				.isEqualTo(List.of(Map.of("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp",
						getAtt(vpc, "CidrBlock"), "Description", "HTTPS to Lattice services from inside the VPC")));
		}
	}

	@Test
	void accessLogsOfTheWholeNetworkGoToCloudWatchLogs() {
		this.template.hasResourceProperties("AWS::VpcLattice::AccessLogSubscription",
				Map.of("ResourceIdentifier", getAtt(this.network.getNode().findChild("Network"), "Arn"),
						"DestinationArn", getAtt(this.network.accessLogs(), "Arn")));
		this.template.hasResourceProperties("AWS::Logs::LogGroup",
				Map.of("LogGroupName", "/aws/vendedlogs/vpc-lattice/my-shop", "RetentionInDays", 7));
	}

	@Test
	void everyServiceRequiresIamAuthIsInTheNetworkAndListensForHttpsOn443() {
		this.template.resourceCountIs("AWS::VpcLattice::Service", 4);
		assertThat(List.of(this.web, this.albService, this.lambda, this.unused))
			.extracting((service) -> service.cfnService().getName())
			.containsExactly("my-shop-web", "my-shop-alb-service", "my-shop-lambda", "my-shop-unused");
		this.template.resourceCountIs("AWS::VpcLattice::ServiceNetworkServiceAssociation", 4);
		for (LatticeService service : List.of(this.web, this.albService, this.lambda, this.unused)) {
			this.template.hasResourceProperties("AWS::VpcLattice::Service",
					Map.of("Name", service.cfnService().getName(), "AuthType", "AWS_IAM"));
			this.template.hasResourceProperties("AWS::VpcLattice::ServiceNetworkServiceAssociation",
					Map.of("ServiceIdentifier", getAtt(service.cfnService(), "Arn"), "ServiceNetworkIdentifier",
							getAtt(this.network.getNode().findChild("Network"), "Arn")));
		}
		this.template.resourceCountIs("AWS::VpcLattice::Listener", 3);
		this.template.allResourcesProperties("AWS::VpcLattice::Listener",
				Match.objectLike(Map.of("Protocol", "HTTPS", "Port", 443)));
	}

	@Test
	void instanceTargetGroupProbesTheActuatorOnTheAppPortAndLeavesRegistrationToAutoScaling() {
		Capture targetGroup = listenerTargetGroupOf(this.web);
		assertThat(properties("AWS::VpcLattice::TargetGroup", targetGroup.asString())).isEqualTo(Map.of("Type",
				"INSTANCE", "Config",
				Map.of("Port", 8080, "Protocol", "HTTP", "ProtocolVersion", "HTTP1", "VpcIdentifier", ref(this.webVpc),
						"HealthCheck", Map.of("Enabled", true, "Path", "/actuator/health", "Port", 8080, "Protocol",
								"HTTP", "ProtocolVersion", "HTTP1", "Matcher", Map.of("HttpCode", "200")))));
	}

	@Test
	void albTargetGroupPointsAtTheLoadBalancerListener() {
		Capture targetGroup = listenerTargetGroupOf(this.albService);
		assertThat(properties("AWS::VpcLattice::TargetGroup", targetGroup.asString())).isEqualTo(Map.of("Type", "ALB",
				"Config",
				Map.of("Port", 80, "Protocol", "HTTP", "ProtocolVersion", "HTTP1", "VpcIdentifier", ref(this.albVpc)),
				"Targets", List.of(Map.of("Id", ref(this.alb), "Port", 80))));
	}

	@Test
	void lambdaTargetGroupInvokesTheAliasWithV2EventsAndMayDoSo() {
		Capture targetGroup = listenerTargetGroupOf(this.lambda);
		assertThat(properties("AWS::VpcLattice::TargetGroup", targetGroup.asString()))
			.isEqualTo(Map.of("Type", "LAMBDA", "Config", Map.of("LambdaEventStructureVersion", "V2"), "Targets",
					List.of(Map.of("Id", ref(this.alias)))));
		this.template.hasResourceProperties("AWS::Lambda::Permission",
				Map.of("Action", "lambda:InvokeFunction", "Principal", "vpc-lattice.amazonaws.com", "FunctionName",
						ref(this.alias), "SourceArn", Map.of("Fn::GetAtt", List.of(targetGroup.asString(), "Arn"))));
	}

	@Test
	void eachAllowBecomesExactlyOneStatementOfThatServicesPolicy() {
		assertThat(policyOf(this.albService.cfnService())).isEqualTo(policy(statement("AllowGetApiCustomers",
				this.webRole, this.albService, "/api/customers/*",
				Map.of("StringEquals",
						Map.of("vpc-lattice-svcs:SourceVpc", ref(this.webVpc), "vpc-lattice-svcs:RequestMethod", "GET"),
						"StringLike", Map.of("vpc-lattice-svcs:RequestPath", "/api/customers/*")))));
		assertThat(policyOf(this.lambda.cfnService()))
			.isEqualTo(policy(statement("AllowPostOrdersProcess", this.webRole, this.lambda, "/orders/process",
					Map.of("StringEquals",
							Map.of("vpc-lattice-svcs:SourceVpc", ref(this.webVpc), "vpc-lattice-svcs:RequestMethod",
									"POST", "vpc-lattice-svcs:RequestPath", "/orders/process")))));
		assertThat(policyOf(this.web.cfnService()))
			.isEqualTo(policy(statement("AllowGetApiOrders", this.albRole, this.web, "/api/orders/*",
					Map.of("StringEquals", Map.of("vpc-lattice-svcs:SourceVpc", ref(this.albVpc),
							"vpc-lattice-svcs:RequestMethod", "GET"), "StringLike",
							Map.of("vpc-lattice-svcs:RequestPath", "/api/orders/*")))));
	}

	@Test
	void aServiceNobodyMayCallHasNoPolicyAndSoDeniesEverything() {
		assertThat(this.template.findResources("AWS::VpcLattice::AuthPolicy",
				Map.of("Properties", Map.of("ResourceIdentifier", getAtt(this.unused.cfnService(), "Arn")))))
			.isEmpty();
	}

	@Test
	void callersRolesMayInvokeOnlyTheServicesTheyWereAllowed() {
		assertThat(invokeResourcesOf(this.webRole)).containsExactlyInAnyOrder(
				getAtt(this.albService.cfnService(), "Arn"), join(getAtt(this.albService.cfnService(), "Arn"), "/*"),
				getAtt(this.lambda.cfnService(), "Arn"), join(getAtt(this.lambda.cfnService(), "Arn"), "/*"));
		assertThat(invokeResourcesOf(this.albRole)).containsExactlyInAnyOrder(getAtt(this.web.cfnService(), "Arn"),
				join(getAtt(this.web.cfnService(), "Arn"), "/*"));
	}

	@Test
	void theGrantCheckSeesEveryWayOfWritingInvoke() {
		assertThat(List.<Map<?, ?>>of(Map.of("Effect", "Allow", "Action", "vpc-lattice-svcs:Invoke"),
				Map.of("Effect", "Allow", "Action", List.of("s3:GetObject", "vpc-lattice-svcs:Inv*")),
				Map.of("Effect", "Allow", "Action", "vpc-lattice-svcs:*"), Map.of("Effect", "Allow", "Action", "*"),
				Map.of("Effect", "Allow", "Action", "VPC-Lattice-Svcs:invoke"),
				Map.of("Effect", "Allow", "Action", "vpc-lattice-svcs:Invok?"),
				Map.of("Effect", "Allow", "NotAction", List.of("s3:*", "ec2:*"))))
			.allMatch(LatticeServiceNetworkTests::grantsInvoke);
		assertThat(List.<Map<?, ?>>of(Map.of("Effect", "Deny", "Action", "*"),
				Map.of("Effect", "Allow", "Action", "vpc-lattice:*"),
				Map.of("Effect", "Allow", "Action", List.of("vpc-lattice-svcs:InvokeX", "s3:*")),
				Map.of("Effect", "Allow", "NotAction", "vpc-lattice-svcs:*")))
			.noneMatch(LatticeServiceNetworkTests::grantsInvoke);
	}

	@Test
	void refusesASecondTargetAndMalformedGrants() {
		assertThatIllegalStateException().isThrownBy(() -> this.web.routeTo(new LambdaTarget(this.alias)))
			.withMessageContaining("already routes");
		CallingWorkload caller = new CallingWorkload(this.webRole, this.webVpc);
		assertThatIllegalArgumentException().isThrownBy(() -> this.unused.allow(caller, "get", "/x"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.unused.allow(caller, "GET", "x"));
	}

	private Map<String, Object> policy(Map<String, Object> statement) {
		return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
	}

	private Map<String, Object> statement(String sid, Role caller, LatticeService service, String path,
			Map<String, Object> condition) {
		return Map.of("Sid", sid, "Effect", "Allow", "Principal", Map.of("AWS", getAtt(caller, "Arn")), "Action",
				"vpc-lattice-svcs:Invoke", "Resource", join(getAtt(service.cfnService(), "Arn"), path), "Condition",
				condition);
	}

	private Object policyOf(software.constructs.IConstruct resource) {
		Map<String, Map<String, Object>> policies = this.template.findResources("AWS::VpcLattice::AuthPolicy",
				Map.of("Properties", Map.of("ResourceIdentifier", getAtt(resource, "Arn"))));
		assertThat(policies).hasSize(1);
		return ((Map<?, ?>) policies.values().iterator().next().get("Properties")).get("Policy");
	}

	private Capture listenerTargetGroupOf(LatticeService service) {
		Capture targetGroup = new Capture();
		this.template.hasResourceProperties("AWS::VpcLattice::Listener",
				Map.of("ServiceIdentifier", getAtt(service.cfnService(), "Arn"), "DefaultAction",
						Map.of("Forward", Map.of("TargetGroups", List.of(Map.of("TargetGroupIdentifier",
								Map.of("Fn::GetAtt", List.of(targetGroup, "Arn")), "Weight", 100))))));
		return targetGroup;
	}

	private Map<?, ?> properties(String type, String logicalId) {
		Map<String, Map<String, Object>> resources = this.template.findResources(type);
		assertThat(resources).containsKey(logicalId);
		return (Map<?, ?>) resources.get(logicalId).get("Properties");
	}

	/**
	 * Every resource that an Allow statement on the role lets it invoke, whichever way
	 * the statement is written: an action list, a wildcard ({@code *},
	 * {@code vpc-lattice-svcs:*}, {@code vpc-lattice-svcs:Inv*}) or {@code NotAction}, in
	 * a policy of its own, one shared with other roles, a managed policy or inline. A
	 * {@code NotResource} grant is listed as itself.
	 */
	private List<Object> invokeResourcesOf(Role role) {
		List<Object> documents = new ArrayList<>();
		for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
			this.template
				.findResources(type, Map.of("Properties", Map.of("Roles", Match.arrayWith(List.of(ref(role))))))
				.values()
				.forEach((policy) -> documents.add(((Map<?, ?>) policy.get("Properties")).get("PolicyDocument")));
		}
		asList(properties("AWS::IAM::Role", logicalId(role)).get("Policies"))
			.forEach((policy) -> documents.add(((Map<?, ?>) policy).get("PolicyDocument")));
		return documents.stream()
			.flatMap((document) -> asList(((Map<?, ?>) document).get("Statement")).stream())
			.map((statement) -> (Map<?, ?>) statement)
			.filter(LatticeServiceNetworkTests::grantsInvoke)
			.flatMap((statement) -> statement.containsKey("NotResource")
					? List.<Object>of(Map.of("NotResource", statement.get("NotResource"))).stream()
					: asList(statement.get("Resource")).stream())
			.toList();
	}

	static boolean grantsInvoke(Map<?, ?> statement) {
		if (!"Allow".equals(statement.get("Effect"))) {
			return false;
		}
		if (statement.containsKey("NotAction")) {
			return asList(statement.get("NotAction")).stream().noneMatch(LatticeServiceNetworkTests::matchesInvoke);
		}
		return asList(statement.get("Action")).stream().anyMatch(LatticeServiceNetworkTests::matchesInvoke);
	}

	// IAM compares actions without regard to case, '*' standing for any characters and
	// '?' for one.
	private static boolean matchesInvoke(Object action) {
		StringBuilder regex = new StringBuilder();
		for (char c : action.toString().toCharArray()) {
			regex.append((c == '*') ? ".*" : (c == '?') ? "." : Pattern.quote(String.valueOf(c)));
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher("vpc-lattice-svcs:Invoke").matches();
	}

	private static List<Object> asList(Object value) {
		if (value == null) {
			return List.of();
		}
		return (value instanceof List<?> list) ? List.copyOf(list) : List.of(value);
	}

}
