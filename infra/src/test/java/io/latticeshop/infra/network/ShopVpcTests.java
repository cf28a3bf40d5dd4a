package io.latticeshop.infra.network;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;

import static io.latticeshop.infra.CfnRefs.join;
import static io.latticeshop.infra.CfnRefs.ref;
import static org.assertj.core.api.Assertions.assertThat;

class ShopVpcTests {

	@Test
	void aVpcWithEgressReachesS3ThroughAGatewayEndpointFromItsPrivateSubnets() {
		Stack stack = new Stack(new App(), "Test");
		IVpc vpc = new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc();
		Template template = Template.fromStack(stack);

		List<Object> privateRouteTables = vpc.getPrivateSubnets()
			.stream()
			.map((subnet) -> (Object) ref(subnet.getNode().findChild("RouteTable")))
			.toList();
		assertThat(privateRouteTables).hasSize(2);
		template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
		template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway", "RouteTableIds",
				privateRouteTables, "ServiceName", join("com.amazonaws.", Map.of("Ref", "AWS::Region"), ".s3")));
		template.resourceCountIs("AWS::EC2::NatGateway", 1);
	}

	@Test
	void anIsolatedVpcHasNoWayOutAndNoEndpoint() {
		Stack stack = new Stack(new App(), "Test");
		new ShopVpc(stack, "Vpc", new ShopVpc.Props(false));
		Template template = Template.fromStack(stack);

		template.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
		template.resourceCountIs("AWS::EC2::NatGateway", 0);
		template.resourceCountIs("AWS::EC2::InternetGateway", 0);
	}

}
