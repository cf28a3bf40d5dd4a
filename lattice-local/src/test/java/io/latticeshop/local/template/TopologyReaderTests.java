package io.latticeshop.local.template;

import java.nio.file.Path;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.template.Topology.AuthType;
import io.latticeshop.local.template.Topology.Service;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyReaderTests {

	static Topology shop() {
		return TopologyReader.read(Path.of("src/test/resources/shop.template.json"), "us-east-1");
	}

	@Test
	void readsServicesListenersAndTargetGroupsWithTheirSettings() {
		Topology topology = shop();
		Service erp = topology.service("erp-service").orElseThrow();
		assertThat(erp.authType()).isEqualTo(AuthType.AWS_IAM);
		assertThat(erp.arn()).matches("arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-[0-9a-f]{17}");
		assertThat(erp.dnsName())
			.matches("erp-service-[0-9a-f]{17}\\.[0-9a-f]{7}\\.vpc-lattice-svcs\\.us-east-1\\.on\\.aws");
		assertThat(erp.listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.protocol()).isEqualTo("HTTPS");
			assertThat(listener.port()).isEqualTo(443);
			assertThat(listener.defaultAction().forward()).singleElement()
				.satisfies((group) -> assertThat(group.targetGroupLogicalId()).isEqualTo("ErpTargets"));
		});
		assertThat(erp.serviceNetworkLogicalIds()).containsExactly("ShopNetworkC0FFEE01");
		assertThat(topology.targetGroup("OrderProcessorTargets").orElseThrow().lambdaEventStructureVersion())
			.isEqualTo("V2");
		assertThat(topology.targetGroup("web-server-targets").orElseThrow().port()).isEqualTo(8080);
		assertThat(topology.serviceNetworks().get("ShopNetworkC0FFEE01").vpcLogicalIds()).hasSize(3);
	}

	@Test
	void resolvesIntrinsicsInPoliciesToDeterministicLocalValues() {
		Topology topology = shop();
		String webVpc = topology.vpc("WebVpc1A2B3C4D").orElseThrow().id();
		assertThat(webVpc).matches("vpc-[0-9a-f]{17}");
		assertThat(shop().vpc("WebVpc1A2B3C4D").orElseThrow().id()).isEqualTo(webVpc);
		assertThat(topology.vpc("ErpVpc5E6F7A8B").orElseThrow().id()).isNotEqualTo(webVpc);
		assertThat(topology.role("WebServerRole0A1B2C3D").orElseThrow().arn())
			.isEqualTo("arn:aws:iam::000000000000:role/WebServerRole0A1B2C3D");
		assertThat(topology.role("erp-task-role").orElseThrow().arn())
			.isEqualTo("arn:aws:iam::000000000000:role/erp-task-role");
		Service orders = topology.service("order-processor").orElseThrow();
		JsonNode statement = orders.policy().orElseThrow().path("Statement").get(0);
		assertThat(statement.path("Resource").asString()).isEqualTo(orders.arn() + "/orders/process");
		assertThat(statement.path("Principal").path("AWS").get(0).asString())
			.isEqualTo("arn:aws:iam::000000000000:role/WebServerRole0A1B2C3D");
		assertThat(statement.path("Condition").path("StringEquals").path("vpc-lattice-svcs:SourceVpc").asString())
			.isEqualTo(webVpc);
		assertThat(topology.serviceNetworks()
			.get("ShopNetworkC0FFEE01")
			.policy()
			.orElseThrow()
			.path("Statement")
			.get(0)
			.path("Condition")
			.path("StringEquals")
			.path("aws:PrincipalAccount")
			.asString()).isEqualTo("000000000000");
	}

	@Test
	void unknownIntrinsicInAPolicyStopsStartUp() {
		String template = """
				{"Resources": {
				  "Svc": {"Type": "AWS::VpcLattice::Service", "Properties": {"AuthType": "AWS_IAM"}},
				  "Policy": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
				    "ResourceIdentifier": {"Ref": "Svc"},
				    "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
				      "Resource": {"Fn::ImportValue": "OtherStack:ServiceArn"}}]}}}}}
				""";
		assertThatThrownBy(() -> TopologyReader.read(JsonMapper.shared().readTree(template), "us-east-1", "S"))
			.isInstanceOf(StartupException.class)
			.hasMessageContaining("Fn::ImportValue");
	}

	@Test
	void subJoinSelectAndSplitCompose() {
		String template = """
				{"Resources": {
				  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
				  "Svc": {"Type": "AWS::VpcLattice::Service", "Properties": {"Name": {"Fn::Select": [1,
				     {"Fn::Split": ["/", {"Fn::Sub": ["a/${Name}-${AWS::Region}/c", {"Name": "svc"}]}]}]}}}}}
				""";
		Topology topology = TopologyReader.read(JsonMapper.shared().readTree(template), "eu-west-1", "S");
		assertThat(topology.service("svc-eu-west-1")).isPresent();
	}

	static Topology echo() {
		return TopologyReader.read(Path.of("src/test/resources/EchoStack.template.json"), "us-east-1");
	}

	@Test
	void findsResourcesByConstructPathLogicalIdOrName() {
		Topology topology = echo();
		String v2 = "EchoV2TargetsC0DE0003";
		assertThat(topology.targetGroup("Echo/V2Targets", "t").logicalId()).isEqualTo(v2);
		assertThat(topology.targetGroup("EchoStack/Echo/V2Targets", "t").logicalId()).isEqualTo(v2);
		assertThat(topology.targetGroup("/Echo/V2Targets/", "t").logicalId()).isEqualTo(v2);
		assertThat(topology.targetGroup(v2, "t").logicalId()).isEqualTo(v2);
		assertThat(topology.vpc("Client/Vpc/Resource", "v").logicalId()).isEqualTo("ClientVpcA1B2C3D4");
		// A path above exactly one resource of the wanted type names that resource.
		assertThat(topology.vpc("Client", "v").logicalId()).isEqualTo("ClientVpcA1B2C3D4");
		assertThat(topology.service("echo", "s").logicalId()).isEqualTo("EchoServiceC0DE0001");
		assertThat(topology.service("Echo/Service", "s").logicalId()).isEqualTo("EchoServiceC0DE0001");
	}

	@Test
	void anAmbiguousOrUnknownReferenceListsTheCandidates() {
		Topology topology = echo();
		assertThatThrownBy(() -> topology.targetGroup("Echo", "targets.Echo")).isInstanceOf(StartupException.class)
			.hasMessageContaining("targets.Echo: 'Echo' is ambiguous")
			.hasMessageContaining("Echo/V2Targets = EchoV2TargetsC0DE0003")
			.hasMessageContaining("Echo/V1Targets = EchoV1TargetsC0DE0004");
		assertThatThrownBy(() -> topology.targetGroup("Echo/V3Targets", "targets.x"))
			.isInstanceOf(StartupException.class)
			.hasMessageContaining("targets.x: no AWS::VpcLattice::TargetGroup 'Echo/V3Targets' in the template; "
					+ "candidates: Echo/V2Targets = EchoV2TargetsC0DE0003")
			.hasMessageContaining("Echo/V1Targets = EchoV1TargetsC0DE0004");
		// The path exists, but not for a resource of that type.
		assertThatThrownBy(() -> topology.role("Echo/Function", "workloads.w.role"))
			.hasMessageContaining("no AWS::IAM::Role 'Echo/Function'");
	}

	@Test
	void lambdaTargetsTakeTheirFunctionsSettingsThroughAliasesVersionsAndArns() {
		Topology topology = echo();
		Topology.LambdaFunction viaAlias = topology.targetGroup("Echo/V2Targets", "t").function().orElseThrow();
		Topology.LambdaFunction viaArn = topology.targetGroup("Echo/V1Targets", "t").function().orElseThrow();
		assertThat(viaAlias).isEqualTo(viaArn);
		assertThat(viaAlias.logicalId()).isEqualTo("EchoFunctionC0DE0005");
		assertThat(viaAlias.handler()).hasValue("io.latticeshop.local.lambda.EchoHandler::handleRequest");
		assertThat(viaAlias.memoryMb()).isEqualTo(256);
		assertThat(viaAlias.timeoutSeconds()).isEqualTo(10);
		// Fn::ImportValue has no local value: left out, not fatal.
		assertThat(viaAlias.environment()).containsExactly(java.util.Map.entry("GREETING", "hello from us-east-1"),
				java.util.Map.entry("OVERRIDDEN", "template"));
		assertThat(viaAlias.arn())
			.isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:EchoStack-EchoFunctionC0DE0005");
	}

	@Test
	void takesConstructPathsFromTheCloudAssemblyWhenTheTemplateHasNone(@org.junit.jupiter.api.io.TempDir Path dir)
			throws Exception {
		String template = java.nio.file.Files.readString(Path.of("src/test/resources/EchoStack.template.json"))
			.replaceAll(",\\s*\"Metadata\": \\{\"aws:cdk:path\": \"[^\"]*\"}", "");
		assertThat(template).doesNotContain("aws:cdk:path");
		java.nio.file.Files.writeString(dir.resolve("EchoStack.template.json"), template);
		java.nio.file.Files.writeString(dir.resolve("EchoStack.metadata.json"), """
				{"/EchoStack/Echo/V2Targets": [{"type": "aws:cdk:logicalId", "data": "EchoV2TargetsC0DE0003"}],
				 "/EchoStack/Client/Vpc/Resource": [{"type": "aws:cdk:creationStack", "data": []},
				                                    {"type": "aws:cdk:logicalId", "data": "ClientVpcA1B2C3D4"}]}
				""");
		Topology topology = TopologyReader.read(dir.resolve("EchoStack.template.json"), "us-east-1");
		assertThat(topology.targetGroup("Echo/V2Targets", "t").logicalId()).isEqualTo("EchoV2TargetsC0DE0003");
		assertThat(topology.vpc("Client", "v").logicalId()).isEqualTo("ClientVpcA1B2C3D4");
	}

}
