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

}
