package io.latticeshop.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.latticeshop.infra.erp.ErpFargateService;
import io.latticeshop.infra.lattice.LatticeService;
import io.latticeshop.infra.web.WebServerInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.StackProps;
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

/**
 * The composed shop, read the way a reviewer reads the deployed template: the network
 * layout, the root README's access matrix, the wiring between workloads, and cdk-nag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatticeShopStackTests {

	private LatticeShopStack stack;

	private Template template;

	@BeforeAll
	void synthesize() throws IOException {
		this.stack = new LatticeShopStack(new App(), "LatticeShop", StackProps.builder().build(),
				ShopArtifacts.placeholders(Files.createTempDirectory("lattice-shop-assets")));
		Aspects.of(this.stack).add(new AwsSolutionsChecks());
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
		this.template.hasResourceProperties("AWS::VpcLattice::TargetGroup", Map.of("Type", "INSTANCE", "Targets",
				List.of(Map.of("Id", ref(webServer().instance()), "Port", 8080))));
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
	void workloadsLearnTheirPeersLatticeUrls() {
		Map<?, ?> instance = (Map<?, ?>) this.template.findResources("AWS::EC2::Instance")
			.values()
			.iterator()
			.next()
			.get("Properties");
		String userData = CfnRefs.text(((Map<?, ?>) instance.get("UserData")).get("Fn::Base64"));
		assertThat(userData)
			.contains("Environment=\"LATTICE_PEERS_ERP_URL=https://${" + logicalId(service("ErpService").cfnService())
					+ ".DnsEntry.DomainName}\"\n")
			.contains("Environment=\"LATTICE_PEERS_ORDER_PROCESSOR_URL=https://${"
					+ logicalId(service("OrderProcessorService").cfnService()) + ".DnsEntry.DomainName}\"\n")
			.contains("Environment=\"LATTICE_REGION=${AWS::Region}\"\n")
			.contains("Environment=\"SPRING_PROFILES_ACTIVE=aws\"\n");
		this.template.hasResourceProperties("AWS::ECS::TaskDefinition",
				Map.of("ContainerDefinitions",
						List.of(Match.objectLike(Map.of("Environment", List.of(
								Map.of("Name", "LATTICE_PEERS_WEB_SERVER_URL", "Value",
										join("https://",
												getAtt(service("WebServerService").cfnService(),
														"DnsEntry.DomainName"))),
								Map.of("Name", "LATTICE_REGION", "Value", Map.of("Ref", "AWS::Region")),
								Map.of("Name", "SERVER_PORT", "Value", "8081"),
								Map.of("Name", "SPRING_PROFILES_ACTIVE", "Value", "aws")))))));
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
	void cdkNagAwsSolutionsFindsNoUnsuppressedError() {
		List<SynthesisMessage> errors = Annotations.fromStack(this.stack)
			.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
		assertThat(errors).extracting((error) -> error.getId() + " " + error.getEntry().getData()).isEmpty();
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
				"vpc-lattice-svcs:Invoke", "Resource", join(getAtt(service.cfnService(), "Arn"), "/*"), "Condition",
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
		this.template.hasResource("AWS::VpcLattice::TargetGroup", Map.of("Properties",
				Match.objectLike(Map.of("Type", "ALB")), "DependsOn", Match.arrayWith(List.of(listener))));
	}

	private IConstruct child(String id) {
		return this.stack.getNode().findChild(id);
	}

	private WebServerInstance webServer() {
		return (WebServerInstance) child("WebServer");
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

}
