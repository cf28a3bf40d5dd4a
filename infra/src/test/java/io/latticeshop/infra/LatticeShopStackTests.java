package io.latticeshop.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.latticeshop.infra.erp.ErpFargateService;
import io.latticeshop.infra.lattice.LatticeService;
import io.latticeshop.infra.web.OrdersDatabase;
import io.latticeshop.infra.web.WebServerGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.constructs.IConstruct;

import static io.latticeshop.infra.CfnRefs.getAtt;
import static io.latticeshop.infra.CfnRefs.ingressRules;
import static io.latticeshop.infra.CfnRefs.join;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The composed shop, read the way a reviewer reads the deployed template: the network
 * layout, the root README's access matrix, the wiring between workloads, and cdk-nag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatticeShopStackTests {

	private static final String CIDR_REFERENCE = "AwsSolutions-EC23 cannot read a CIDR that is a reference; the one "
			+ "ingress rule admits the VPC's own CIDR on 443";

	private static final String PREFIX_LIST_LOOKUP = "ec2:DescribeManagedPrefixLists supports no resource-level "
			+ "permissions; the action is read-only";

	private static final String PROVIDER_LOGS = "CDK's custom resource provider uses AWSLambdaBasicExecutionRole only "
			+ "to write its own logs";

	private static final String PROVIDER_RUNTIME = "CDK chooses and updates the runtime of its own custom resource "
			+ "provider";

	private static final String LAMBDA_BASIC = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
			+ "AWSLambdaBasicExecutionRole";

	private static final String SSM_CORE = "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore";

	private static final String SSM = "AmazonSSMManagedInstanceCore is the documented minimum for Session Manager, "
			+ "which replaces SSH";

	private static final String ECR_TOKEN = "ecr:GetAuthorizationToken supports no resource-level permissions; the "
			+ "token alone pulls nothing, the pull actions are scoped to the assets repository";

	private static final String AS_NOTIFICATIONS = "Scaling events are in the group's activity history and "
			+ "CloudWatch; no one subscribes to notifications of a reference deployment";

	private static final String RDS_PORT = "The default port: only the web tier's security group reaches it, so "
			+ "another port would hide nothing";

	private static final String SECRET_ROTATION = "The web server reads the password when it starts; rotating it "
			+ "under running instances would break their connections until they restart";

	private static final String XRAY_WRITES = "X-Ray's PutTraceSegments and PutTelemetryRecords support no "
			+ "resource-level permissions; the statement allows writing trace data and nothing else";

	private App app;

	private LatticeShopStack stack;

	private Template template;

	private Annotations annotations;

	private Path assets;

	@BeforeAll
	void synthesize() throws IOException {
		this.app = new App();
		this.assets = Files.createTempDirectory("lattice-shop-assets");
		this.stack = LatticeShopApp.compose(this.app, ShopArtifacts.placeholders(this.assets));
		// Read before the template, from the first synthesis, as cdk synth runs one: each
		// synthesis runs the aspects again, and EC2's IMDSv2 aspect warns when it meets
		// the launch template it added the first time.
		this.annotations = Annotations.fromStack(this.stack);
		this.template = Template.fromStack(this.stack);
	}

	@Test
	void threeVpcsShareOneCidrWithNoOtherPathBetweenThem() {
		this.template.resourceCountIs("AWS::EC2::VPC", 3);
		this.template.allResourcesProperties("AWS::EC2::VPC", Match.objectLike(Map.of("CidrBlock", "10.0.0.0/16")));
		this.template.resourceCountIs("AWS::EC2::VPCPeeringConnection", 0);
		this.template.resourceCountIs("AWS::EC2::TransitGateway", 0);
		this.template.resourceCountIs("AWS::EC2::TransitGatewayAttachment", 0);
		this.template.resourceCountIs("AWS::VpcLattice::ServiceNetworkVpcAssociation", 3);
	}

	@Test
	void latticeHasThreeServicesEachWithOneTargetOfItsKind() {
		this.template.resourceCountIs("AWS::VpcLattice::ServiceNetwork", 1);
		this.template.resourceCountIs("AWS::VpcLattice::Service", 3);
		this.template.resourceCountIs("AWS::VpcLattice::ServiceNetworkServiceAssociation", 3);
		this.template.resourceCountIs("AWS::VpcLattice::Listener", 3);
		this.template.resourceCountIs("AWS::VpcLattice::AccessLogSubscription", 1);
		this.template.hasResourceProperties("AWS::VpcLattice::TargetGroup",
				Map.of("Type", "INSTANCE", "Targets", Match.absent()));
		this.template.hasResourceProperties("AWS::VpcLattice::TargetGroup",
				Map.of("Type", "ALB", "Targets", List.of(Map.of("Id", ref(erp().loadBalancer()), "Port", 80))));
		this.template.hasResourceProperties("AWS::VpcLattice::TargetGroup",
				Map.of("Type", "LAMBDA", "Config", Map.of("LambdaEventStructureVersion", "V2"), "Targets",
						List.of(Map.of("Id", ref(child("OrderProcessor").getNode().findChild("Alias"))))));
	}

	@Test
	void theAccessMatrixIsExactlyTheFourRowsOfTheDesign() {
		this.template.resourceCountIs("AWS::VpcLattice::AuthPolicy", 4);
		assertThat(policyOf(service("ErpService"))).isEqualTo(policy(
				statement("AllowGetApiCustomers", webServer().role(), "WebVpc", service("ErpService"), "GET",
						"StringLike", "/api/customers/*"),
				statement("AllowGetApiInvoices", webServer().role(), "WebVpc", service("ErpService"), "GET",
						"StringLike", "/api/invoices/*")));
		assertThat(policyOf(service("OrderProcessorService")))
			.isEqualTo(row("AllowPostOrdersProcess", webServer().role(), "WebVpc", service("OrderProcessorService"),
					"POST", "StringEquals", "/orders/process"));
		assertThat(policyOf(service("WebServerService"))).isEqualTo(row("AllowGetApiOrders", erp().taskRole(), "ErpVpc",
				service("WebServerService"), "GET", "StringLike", "/api/orders/*"));
	}

	@Test
	void theWebTierIsAnAutoScalingGroupOfTwoOrMoreThatLatticesTargetGroupRoutesTo() {
		IConstruct targetGroup = service("WebServerService").getNode().findChild("InstanceTargets");
		this.template.resourceCountIs("AWS::EC2::Instance", 0);
		this.template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
		this.template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "2",
				"TrafficSources", List.of(Map.of("Identifier", getAtt(targetGroup, "Arn"), "Type", "vpc-lattice"))));
		this.template.hasResourceProperties("AWS::VpcLattice::TargetGroup", Map.of("Type", "INSTANCE", "Config",
				Match.objectLike(Map.of("HealthCheck", Match.objectLike(Map.of("Path", "/readyz", "Port", 8080))))));
	}

	@Test
	void theErpRunsTwoTasks() {
		this.template.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 2));
	}

	@Test
	void ordersLiveInPostgresqlThatOnlyTheWebTierReachesAndThatIsProtectedFromDeletion() {
		OrdersDatabase database = (OrdersDatabase) child("OrdersDatabase");
		this.template.resourceCountIs("AWS::RDS::DBInstance", 1);
		this.template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("Engine", "postgres", "StorageEncrypted",
				true, "MultiAZ", true, "DeletionProtection", true, "BackupRetentionPeriod", 7));
		assertThat(ingressRules(this.template, database.securityGroup())).singleElement()
			.satisfies((rule) -> assertThat(rule.get("SourceSecurityGroupId"))
				.isEqualTo(getAtt(webServer().securityGroup(), "GroupId")));
		String userData = webServerUserData();
		assertThat(userData)
			.contains("Environment=\"SPRING_DATASOURCE_URL=jdbc:postgresql://${" + logicalId(database.instance())
					+ ".Endpoint.Address}:5432/shop?sslmode=require\"\n")
			.contains("Environment=\"SPRING_DATASOURCE_USERNAME=shop\"\n")
			.contains("--secret-id ${" + logicalId(database.secret()) + "}");
	}

	@Test
	void deletionProtectionCanBeTurnedOffForAStackMeantToBeDestroyed() {
		App app = new App(AppProps.builder().context(Map.of("deletionProtection", "false")).build());
		Template template = Template.fromStack(LatticeShopApp.compose(app, ShopArtifacts.placeholders(this.assets)));

		template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DeletionProtection", false));
	}

	@Test
	void theDefaultStacksLatticeNamesCarryTheStackNameLikeEveryOtherStacks() {
		assertThat(this.stack.getStackName()).isEqualTo(LatticeShopApp.DEFAULT_STACK_NAME);
		assertThat(this.template.findResources("AWS::VpcLattice::Service")
			.values()
			.stream()
			.map((service) -> String.valueOf(((Map<?, ?>) service.get("Properties")).get("Name"))))
			.containsExactlyInAnyOrder("lattice-shop-web-server", "lattice-shop-erp-service",
					"lattice-shop-order-processor");
		this.template.hasResourceProperties("AWS::VpcLattice::ServiceNetwork", Map.of("Name", "lattice-shop"));
	}

	@Test
	void twoStacksOfOneAppShareNoPhysicalName() {
		App app = new App();
		LatticeShopStack shop = LatticeShopApp.compose(app, "LatticeShop", ShopArtifacts.placeholders(this.assets));
		LatticeShopStack staging = LatticeShopApp.compose(app, "LatticeShopStaging",
				ShopArtifacts.placeholders(this.assets));
		Template first = Template.fromStack(shop);
		Template second = Template.fromStack(staging);

		Set<String> names = physicalNames(first);
		assertThat(names).contains("lattice-shop", "lattice-shop-erp-service",
				"/aws/vendedlogs/vpc-lattice/lattice-shop");
		assertThat(physicalNames(second)).contains("lattice-shop-staging", "lattice-shop-staging-erp-service")
			.doesNotContainAnyElementsOf(names);
	}

	@Test
	void theStackNameComesFromContext() {
		App app = new App(AppProps.builder().context(Map.of("stackName", "ShopTest")).build());
		LatticeShopStack stack = LatticeShopApp.compose(app, ShopArtifacts.placeholders(this.assets));

		assertThat(stack.getStackName()).isEqualTo("ShopTest");
		assertThat(stack.getNode().getId()).isEqualTo("ShopTest");
		Template.fromStack(stack)
			.hasResourceProperties("AWS::VpcLattice::Service", Map.of("Name", "shop-test-web-server"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LatticeShopApp.compose(new App(), "1shop", ShopArtifacts.placeholders(this.assets)));
	}

	/**
	 * Every literal name property of the template's resources, except those that are
	 * unique only inside another resource.
	 */
	private static Set<String> physicalNames(Template template) {
		// An inline policy's name is per role, the database's name per instance, an
		// alias's per function.
		Set<String> scoped = Set.of("AWS::IAM::Policy.PolicyName", "AWS::RDS::DBInstance.DBName",
				"AWS::Lambda::Alias.Name");
		Set<String> names = new HashSet<>();
		((Map<?, ?>) template.toJSON().get("Resources")).values().forEach((resource) -> {
			Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) resource).get("Properties");
			if (properties == null) {
				return;
			}
			properties.forEach((key, value) -> {
				if (key.toString().endsWith("Name") && value instanceof String name
						&& !scoped.contains(((Map<?, ?>) resource).get("Type") + "." + key)) {
					names.add(name);
				}
			});
		});
		return names;
	}

	@Test
	void workloadsLearnTheirPeersLatticeUrls() {
		String userData = webServerUserData();
		assertThat(userData)
			.contains("Environment=\"LATTICE_PEERS_ERP_URL=https://${" + logicalId(service("ErpService").cfnService())
					+ ".DnsEntry.DomainName}\"\n")
			.contains("Environment=\"LATTICE_PEERS_ORDER_PROCESSOR_URL=https://${"
					+ logicalId(service("OrderProcessorService").cfnService()) + ".DnsEntry.DomainName}\"\n")
			.contains("Environment=\"LATTICE_REGION=${AWS::Region}\"\n")
			.contains("Environment=\"SPRING_PROFILES_ACTIVE=aws\"\n");
		this.template.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions", List.of(
						Match.objectLike(Map.of("Environment", List.of(
								Map.of("Name", "LATTICE_PEERS_WEB_SERVER_URL", "Value",
										join("https://",
												getAtt(service("WebServerService").cfnService(),
														"DnsEntry.DomainName"))),
								Map.of("Name", "LATTICE_REGION", "Value", Map.of("Ref", "AWS::Region")),
								Map.of("Name", "SERVER_PORT", "Value", "8081"),
								Map.of("Name", "SPRING_PROFILES_ACTIVE", "Value", "aws"),
								Map.of("Name", "TRACING_OTLP_ENDPOINT", "Value", "http://127.0.0.1:4318/v1/traces"),
								Map.of("Name", "TRACING_SAMPLING_PROBABILITY", "Value", "0.05")))),
						Match.objectLike(Map.of("Name", "cloudwatch-agent")))));
	}

	@Test
	void theThreeWorkloadsAndNoOtherRoleWriteTracesToXRay() {
		Map<String, Map<?, ?>> resources = resourcesByPath();
		Map<String, List<Object>> xrayByPolicy = new TreeMap<>();
		resources.forEach((path, resource) -> statements(resource).stream()
			.filter((statement) -> asList(statement.get("Action")).stream()
				.anyMatch((action) -> action.toString().startsWith("xray:")))
			.forEach((statement) -> xrayByPolicy.computeIfAbsent(path, (key) -> new ArrayList<>()).add(statement)));
		Map<String, Object> writes = Map.of("Effect", "Allow", "Action",
				List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*");
		assertThat(xrayByPolicy).isEqualTo(Map.of("LatticeShop/WebServer/Role/DefaultPolicy/Resource", List.of(writes),
				"LatticeShop/Erp/TaskRole/DefaultPolicy/Resource", List.of(writes),
				"LatticeShop/OrderProcessor/Function/ServiceRole/DefaultPolicy/Resource", List.of(writes)));
		this.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler",
				Match.stringLikeRegexp("FunctionInvoker"), "TracingConfig", Map.of("Mode", "Active")));
	}

	@Test
	void theTracingSamplingContextSetsHowManyTracesTheWebServerAndTheErpKeep() {
		assertThat(webServerUserData()).contains("Environment=\"TRACING_SAMPLING_PROBABILITY=0.05\"\n");

		App app = new App(AppProps.builder().context(Map.of("tracingSampling", "0.5")).build());
		Template template = Template.fromStack(LatticeShopApp.compose(app, ShopArtifacts.placeholders(this.assets)));

		assertThat(webServerUserData(template)).contains("Environment=\"TRACING_SAMPLING_PROBABILITY=0.5\"\n")
			.contains("Environment=\"TRACING_OTLP_ENDPOINT=http://127.0.0.1:4318/v1/traces\"\n");
		template.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions", Match.arrayWith(List.of(Match.objectLike(Map.of("Environment",
						Match.arrayWith(List.of(Map.of("Name", "TRACING_SAMPLING_PROBABILITY", "Value", "0.5")))))))));
		for (String wrong : List.of("1.5", "-0.1", "often")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> LatticeShopApp.compose(
						new App(AppProps.builder().context(Map.of("tracingSampling", wrong)).build()),
						ShopArtifacts.placeholders(this.assets)))
				.withMessageContaining("tracingSampling must be a probability between 0 and 1, was " + wrong);
		}
	}

	@Test
	void outputsListTheThreeServiceUrls() {
		for (var output : Map
			.of("WebServerUrl", "WebServerService", "ErpServiceUrl", "ErpService", "OrderProcessorUrl",
					"OrderProcessorService")
			.entrySet()) {
			this.template.hasOutput(output.getKey(), Map.of("Value",
					join("https://", getAtt(service(output.getValue()).cfnService(), "DnsEntry.DomainName"))));
		}
	}

	@Test
	void targetsAdmitOnlyTheLatticePrefixListResolvedAtDeployTime() {
		Map<String, Object> prefixList = getAtt(child("LatticePrefixList").getNode().findChild("Lookup"),
				"PrefixLists.0.PrefixListId");
		assertThat(ingressRules(this.template, webServer().securityGroup())).singleElement()
			.extracting((rule) -> rule.get("SourcePrefixListId"))
			.isEqualTo(prefixList);
		assertThat(ingressRules(this.template, erp().loadBalancerSecurityGroup())).singleElement()
			.extracting((rule) -> rule.get("SourcePrefixListId"))
			.isEqualTo(prefixList);
		String lookup = this.template.findResources("Custom::AWS").values().iterator().next().toString();
		assertThat(lookup).contains("describeManagedPrefixLists").contains("com.amazonaws.").contains(".vpc-lattice");
	}

	@Test
	void everyFunctionLogsToALogGroupOfTheStackWithARetentionThatTheStackDeletes() {
		Map<String, Map<String, Object>> functions = this.template.findResources("AWS::Lambda::Function");
		assertThat(functions).hasSize(2);
		Map<String, Map<String, Object>> logGroups = this.template.findResources("AWS::Logs::LogGroup");
		functions.forEach((id, function) -> {
			Map<?, ?> loggingConfig = (Map<?, ?>) ((Map<?, ?>) function.get("Properties")).get("LoggingConfig");
			assertThat(loggingConfig).as(id).isNotNull();
			Map<String, Object> logGroup = logGroups.get(((Map<?, ?>) loggingConfig.get("LogGroup")).get("Ref"));
			assertThat(logGroup).as(id).isNotNull().containsEntry("DeletionPolicy", "Delete");
			assertThat(((Map<?, ?>) logGroup.get("Properties")).get("RetentionInDays")).as(id).isNotNull();
		});
	}

	@Test
	void theVpcsWithEgressDownloadFromS3ThroughAGatewayEndpoint() {
		for (String vpc : List.of("WebVpc", "ErpVpc")) {
			this.template.hasResourceProperties("AWS::EC2::VPCEndpoint",
					Map.of("VpcEndpointType", "Gateway", "VpcId", ref(vpc(vpc))));
		}
		this.template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
	}

	@Test
	void everySynthRunsCdkNagAwsSolutionsAndNoFindingIsLeftUnsuppressed() {
		assertThat(Aspects.of(this.app).getAll()).hasAtLeastOneElementOfType(AwsSolutionsChecks.class);
		assertThat(this.annotations.findError("*", Match.anyValue())).extracting(LatticeShopStackTests::describe)
			.isEmpty();
		// The one warning that is not a finding: this test synthesizes with placeholders.
		assertThat(this.annotations.findWarning("*", Match.anyValue())).extracting(LatticeShopStackTests::describe)
			.containsExactly("/LatticeShop: Synthesized with placeholder assets: read this template, do not deploy it. "
					+ "[ack: lattice-shop:placeholder-assets]");
	}

	@Test
	void theSuppressionsAreExactlyThoseReviewedHere() {
		String customResourceRole = "LatticeShop/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource";
		String customResourceFunction = "LatticeShop/AWS679f53fac002430cb0da5b7982bd2287/Resource";
		assertThat(suppressions()).containsExactlyInAnyOrder(
				new Suppression("LatticeShop/Lattice/ErpAssociationSecurityGroup/Resource", "CdkNagValidationFailure",
						List.of("AwsSolutions-EC23"), CIDR_REFERENCE),
				new Suppression("LatticeShop/Lattice/OrderProcessorAssociationSecurityGroup/Resource",
						"CdkNagValidationFailure", List.of("AwsSolutions-EC23"), CIDR_REFERENCE),
				new Suppression("LatticeShop/Lattice/WebAssociationSecurityGroup/Resource", "CdkNagValidationFailure",
						List.of("AwsSolutions-EC23"), CIDR_REFERENCE),
				new Suppression("LatticeShop/LatticePrefixList/Lookup/Resource/Default", "AwsSolutions-IAM5",
						List.of("Resource::*"), PREFIX_LIST_LOOKUP),
				new Suppression("LatticeShop/LatticePrefixList/Lookup/CustomResourcePolicy/Resource",
						"AwsSolutions-IAM5", List.of("Resource::*"), PREFIX_LIST_LOOKUP),
				new Suppression(customResourceRole, "AwsSolutions-IAM4", List.of(LAMBDA_BASIC), PROVIDER_LOGS),
				new Suppression(customResourceRole, "AwsSolutions-L1", List.of(), PROVIDER_RUNTIME),
				new Suppression(customResourceFunction, "AwsSolutions-IAM4", List.of(LAMBDA_BASIC), PROVIDER_LOGS),
				new Suppression(customResourceFunction, "AwsSolutions-L1", List.of(), PROVIDER_RUNTIME),
				new Suppression("LatticeShop/WebServer/Role/Resource", "AwsSolutions-IAM4", List.of(SSM_CORE), SSM),
				new Suppression("LatticeShop/WebServer/Role/DefaultPolicy/Resource", "AwsSolutions-IAM4",
						List.of(SSM_CORE), SSM),
				new Suppression("LatticeShop/WebServer/Role/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeErpService85E1B7CC.Arn>/*"), invoke("lattice-shop-erp-service")),
				new Suppression("LatticeShop/WebServer/Role/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeErpService85E1B7CC.Arn>/*"), invoke("lattice-shop-erp-service")),
				new Suppression("LatticeShop/WebServer/Role/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeOrderProcessorServiceA2CE6AF2.Arn>/*"),
						invoke("lattice-shop-order-processor")),
				new Suppression("LatticeShop/WebServer/Role/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeOrderProcessorServiceA2CE6AF2.Arn>/*"),
						invoke("lattice-shop-order-processor")),
				new Suppression("LatticeShop/WebServer/Group/ASG", "AwsSolutions-AS3", List.of(), AS_NOTIFICATIONS),
				new Suppression("LatticeShop/OrdersDatabase/Instance/Resource", "AwsSolutions-RDS11", List.of(),
						RDS_PORT),
				new Suppression("LatticeShop/OrdersDatabase/Instance/Secret/Resource", "AwsSolutions-SMG4", List.of(),
						SECRET_ROTATION),
				new Suppression("LatticeShop/Erp/TaskRole/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeWebServerService7479C8D4.Arn>/*"),
						invoke("lattice-shop-web-server")),
				new Suppression("LatticeShop/Erp/TaskRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::<LatticeWebServerService7479C8D4.Arn>/*"),
						invoke("lattice-shop-web-server")),
				new Suppression("LatticeShop/Erp/Task/Resource", "AwsSolutions-ECS2", List.of(),
						"The variables are peer URLs, the region, the Spring profile, where spans go and how many, and "
								+ "the trace agent's configuration: no secrets"),
				new Suppression("LatticeShop/WebServer/Role/Resource", "AwsSolutions-IAM5", List.of("Resource::*"),
						XRAY_WRITES),
				new Suppression("LatticeShop/WebServer/Role/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::*"), XRAY_WRITES),
				new Suppression("LatticeShop/Erp/TaskRole/Resource", "AwsSolutions-IAM5", List.of("Resource::*"),
						XRAY_WRITES),
				new Suppression("LatticeShop/Erp/TaskRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::*"), XRAY_WRITES),
				new Suppression("LatticeShop/OrderProcessor/Function/ServiceRole/Resource", "AwsSolutions-IAM5",
						List.of("Resource::*"), XRAY_WRITES),
				new Suppression("LatticeShop/OrderProcessor/Function/ServiceRole/DefaultPolicy/Resource",
						"AwsSolutions-IAM5", List.of("Resource::*"), XRAY_WRITES),
				new Suppression("LatticeShop/Erp/Task/ExecutionRole/Resource", "AwsSolutions-IAM5",
						List.of("Resource::*"), ECR_TOKEN),
				new Suppression("LatticeShop/Erp/Task/ExecutionRole/DefaultPolicy/Resource", "AwsSolutions-IAM5",
						List.of("Resource::*"), ECR_TOKEN),
				new Suppression("LatticeShop/Erp/LoadBalancer/Resource", "AwsSolutions-ELB2", List.of(),
						"Internal ALB reached only through VPC Lattice, whose access log subscription records every "
								+ "request"),
				new Suppression("LatticeShop/OrderProcessor/Function/Resource", "AwsSolutions-L1", List.of(),
						"The shop targets Java 21 throughout; java21 is a supported LTS runtime"),
				new Suppression("LatticeShop/OrderProcessor/Function/ServiceRole/Resource", "AwsSolutions-IAM4", List
					.of(LAMBDA_BASIC,
							"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"),
						"AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole are the minimal managed "
								+ "policies for logging and ENIs"));
	}

	@Test
	void everyIam5SuppressionNamesALatticeServiceOrAnActionWithoutResourceLevelPermissions() {
		Set<String> allowed = new HashSet<>();
		this.template.findResources("AWS::VpcLattice::Service")
			.keySet()
			.forEach((service) -> allowed.add("Resource::<" + service + ".Arn>/*"));
		allowed.add("Resource::*");
		List<Suppression> iam5 = suppressions().stream()
			.filter((suppression) -> suppression.rule().equals("AwsSolutions-IAM5"))
			.toList();

		assertThat(iam5).isNotEmpty().allSatisfy((suppression) -> {
			assertThat(suppression.appliesTo()).as(suppression.path()).isNotEmpty();
			assertThat(suppression.appliesTo()).as(suppression.path()).isSubsetOf(allowed);
		});
		// What Resource::* lets through: the statements on "*" of every policy it covers.
		Map<String, Map<?, ?>> resources = resourcesByPath();
		assertThat(iam5.stream()
			.filter((suppression) -> suppression.appliesTo().contains("Resource::*"))
			.flatMap((suppression) -> statements(resources.get(suppression.path())).stream())
			.filter((statement) -> asList(statement.get("Resource")).contains("*"))
			.flatMap((statement) -> asList(statement.get("Action")).stream())
			.distinct()).containsExactlyInAnyOrder("ec2:DescribeManagedPrefixLists", "ecr:GetAuthorizationToken",
					"xray:PutTraceSegments", "xray:PutTelemetryRecords");
	}

	private Map<String, Object> row(String sid, IConstruct role, String vpc, LatticeService service, String method,
			String pathOperator, String path) {
		return policy(statement(sid, role, vpc, service, method, pathOperator, path));
	}

	private static Map<String, Object> policy(Object... statements) {
		return Map.of("Version", "2012-10-17", "Statement", List.of(statements));
	}

	private Map<String, Object> statement(String sid, IConstruct role, String vpc, LatticeService service,
			String method, String pathOperator, String path) {
		Map<String, Object> condition = pathOperator.equals("StringLike")
				? Map.of("StringEquals",
						Map.of("vpc-lattice-svcs:SourceVpc", ref(vpc(vpc)), "vpc-lattice-svcs:RequestMethod", method),
						"StringLike", Map.of("vpc-lattice-svcs:RequestPath", path))
				: Map.of("StringEquals", Map.of("vpc-lattice-svcs:SourceVpc", ref(vpc(vpc)),
						"vpc-lattice-svcs:RequestMethod", method, "vpc-lattice-svcs:RequestPath", path));
		return Map.of("Sid", sid, "Effect", "Allow", "Principal", Map.of("AWS", getAtt(role, "Arn")), "Action",
				"vpc-lattice-svcs:Invoke", "Resource", join(getAtt(service.cfnService(), "Arn"), path), "Condition",
				condition);
	}

	private Object policyOf(LatticeService service) {
		Map<String, Map<String, Object>> policies = this.template.findResources("AWS::VpcLattice::AuthPolicy",
				Map.of("Properties", Map.of("ResourceIdentifier", getAtt(service.cfnService(), "Arn"))));
		assertThat(policies).hasSize(1);
		return ((Map<?, ?>) policies.values().iterator().next().get("Properties")).get("Policy");
	}

	@Test
	void theErpTargetGroupWaitsForTheLoadBalancersListener() {
		String listener = this.stack
			.resolve(((CfnElement) erp().loadBalancer().getNode().findChild("Http").getNode().getDefaultChild())
				.getLogicalId())
			.toString();
		Map<String, Object> group = this.template
			.findResources("AWS::VpcLattice::TargetGroup",
					Map.of("Properties", Match.objectLike(Map.of("Type", "ALB"))))
			.values()
			.iterator()
			.next();
		List<Object> dependsOn = List.copyOf((List<?>) group.get("DependsOn"));
		assertThat(dependsOn).contains(listener)
			// The Ref to the load balancer's ARN orders it already (cfn-lint W3005).
			.doesNotContain(logicalId(erp().loadBalancer()));
		assertThat(((Map<?, ?>) group.get("Properties")).get("Targets"))
			.isEqualTo(List.of(Map.of("Id", ref(erp().loadBalancer()), "Port", 80)));
	}

	private String webServerUserData() {
		return webServerUserData(this.template);
	}

	private static String webServerUserData(Template template) {
		Map<?, ?> launchTemplate = (Map<?, ?>) template.findResources("AWS::EC2::LaunchTemplate")
			.values()
			.iterator()
			.next()
			.get("Properties");
		return CfnRefs.text(
				((Map<?, ?>) ((Map<?, ?>) launchTemplate.get("LaunchTemplateData")).get("UserData")).get("Fn::Base64"));
	}

	private IConstruct child(String id) {
		return this.stack.getNode().findChild(id);
	}

	private WebServerGroup webServer() {
		return (WebServerGroup) child("WebServer");
	}

	private ErpFargateService erp() {
		return (ErpFargateService) child("Erp");
	}

	private LatticeService service(String id) {
		return (LatticeService) child("Lattice").getNode().findChild(id);
	}

	private IConstruct vpc(String id) {
		return child(id).getNode().findChild("Vpc");
	}

	private static String invoke(String serviceName) {
		return "Invoke on the " + serviceName + " Lattice service only; the /* suffix stands for its request paths, "
				+ "which its auth policy narrows to method and path";
	}

	/**
	 * Every suppression as the synthesized template carries it (cdk-nag reads the same
	 * metadata), one per resource and rule, the resource named by its construct path.
	 */
	private List<Suppression> suppressions() {
		List<Suppression> suppressions = new ArrayList<>();
		resourcesByPath().forEach((path, resource) -> {
			Map<?, ?> metadata = (Map<?, ?>) resource.get("Metadata");
			Object nag = (metadata != null) ? metadata.get("cdk_nag") : null;
			if (nag == null) {
				return;
			}
			for (Object rule : (List<?>) ((Map<?, ?>) nag).get("rules_to_suppress")) {
				Map<?, ?> suppression = (Map<?, ?>) rule;
				// A regex entry is kept as its map, so that it equals no finding's text.
				List<String> appliesTo = asList(suppression.get("applies_to")).stream().map(String::valueOf).toList();
				suppressions.add(new Suppression(path, (String) suppression.get("id"), appliesTo,
						(String) suppression.get("reason")));
			}
		});
		return suppressions;
	}

	private Map<String, Map<?, ?>> resourcesByPath() {
		Map<String, String> paths = new HashMap<>();
		for (IConstruct construct : this.stack.getNode().findAll()) {
			if (construct instanceof CfnResource resource) {
				paths.put(logicalId(resource), resource.getNode().getPath());
			}
		}
		Map<String, Map<?, ?>> resources = new TreeMap<>();
		((Map<?, ?>) this.template.toJSON().get("Resources")).forEach((logicalId, resource) -> resources.put(
				Objects.requireNonNull(paths.get(logicalId), () -> "no construct for " + logicalId),
				(Map<?, ?>) resource));
		return resources;
	}

	/**
	 * The statements of an IAM policy resource, or of a role's inline policies.
	 */
	private static List<Map<?, ?>> statements(Map<?, ?> resource) {
		Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
		List<Object> documents = new ArrayList<>();
		if (properties != null) {
			documents.addAll(asList(properties.get("PolicyDocument")));
			asList(properties.get("Policies"))
				.forEach((policy) -> documents.add(((Map<?, ?>) policy).get("PolicyDocument")));
		}
		return documents.stream()
			.flatMap((document) -> asList(((Map<?, ?>) document).get("Statement")).stream())
			.<Map<?, ?>>map((statement) -> (Map<?, ?>) statement)
			.toList();
	}

	/**
	 * A policy field or metadata entry that may be absent, one value or a list.
	 */
	private static List<Object> asList(Object value) {
		if (value == null) {
			return List.of();
		}
		return (value instanceof List<?> list) ? List.copyOf(list) : List.of(value);
	}

	@SuppressWarnings("deprecation")
	private static String describe(SynthesisMessage message) {
		return message.getId() + ": " + message.getEntry().getData();
	}

	/**
	 * One cdk-nag suppression on one resource.
	 *
	 * @param path the resource's construct path
	 * @param rule the rule id, such as {@code AwsSolutions-IAM5}
	 * @param appliesTo the findings it covers, all of the rule's if empty
	 * @param reason why the finding is accepted
	 */
	record Suppression(String path, String rule, List<String> appliesTo, String reason) {
	}

}
