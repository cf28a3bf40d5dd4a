package io.latticeshop.infra.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.latticeshop.infra.network.ShopVpc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.Bucket;

import static io.latticeshop.infra.CfnRefs.getAtt;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderProcessorFunctionTests {

	private Stack stack;

	private IVpc vpc;

	private OrderProcessorFunction orderProcessor;

	private Template template;

	@BeforeAll
	void synthesize() {
		this.stack = new Stack(new App(), "Test");
		this.vpc = new ShopVpc(this.stack, "Vpc", new ShopVpc.Props(false)).vpc();
		this.orderProcessor = new OrderProcessorFunction(this.stack, "OrderProcessor", new OrderProcessorFunction.Props(
				this.vpc, code(), "processOrder", Map.of("SPRING_PROFILES_ACTIVE", "aws")));
		this.template = Template.fromStack(this.stack);
	}

	@Test
	void runsTheZipOnJava21ThroughSpringCloudFunction() {
		this.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21", "Handler",
				"org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest", "Code",
				Map.of("S3Bucket", "shop-artifacts", "S3Key", "order-processor-lambda.zip"), "Environment",
				Map.of("Variables",
						Map.of("SPRING_CLOUD_FUNCTION_DEFINITION", "processOrder", "SPRING_PROFILES_ACTIVE", "aws"))));
	}

	@Test
	void snapStartAppliesToPublishedVersionsAndTheAliasPointsAtOne() {
		this.template.hasResourceProperties("AWS::Lambda::Function",
				Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
		this.template.hasResourceProperties("AWS::Lambda::Version",
				Map.of("FunctionName", ref(this.orderProcessor.function())));
		// The alias the construct hands to Lattice is the template's one alias, on the
		// published version.
		assertThat(this.template.findResources("AWS::Lambda::Alias",
				Map.of("Properties",
						Map.of("Name", "live", "FunctionName", ref(this.orderProcessor.function()), "FunctionVersion",
								getAtt(this.orderProcessor.function().getCurrentVersion(), "Version")))))
			.containsOnlyKeys(logicalId(this.orderProcessor.alias()));
		this.template.resourceCountIs("AWS::Lambda::Alias", 1);
	}

	@Test
	void runsInItsVpcsIsolatedSubnets() {
		this.template.hasResourceProperties("AWS::Lambda::Function",
				Map.of("VpcConfig",
						Map.of("SubnetIds",
								this.vpc.getIsolatedSubnets().stream().map((subnet) -> ref(subnet)).toList(),
								"SecurityGroupIds", List.of(Match.anyValue()))));
		this.template.hasResourceProperties("AWS::Lambda::Function", Map.of("LoggingConfig",
				Map.of("LogGroup", ref(this.stack.getNode().findChild("OrderProcessor").getNode().findChild("Logs")))));
	}

	@Test
	void lambdaTracesEachSampledInvocationToXRayWithOnlyTheWritesItNeeds() {
		this.template.hasResourceProperties("AWS::Lambda::Function", Map.of("TracingConfig", Map.of("Mode", "Active")));
		List<Object> xray = new ArrayList<>();
		this.template
			.findResources("AWS::IAM::Policy",
					Map.of("Properties", Map.of("Roles", List.of(ref(this.orderProcessor.function().getRole())))))
			.values()
			.forEach((policy) -> ((List<?>) ((Map<?, ?>) ((Map<?, ?>) policy.get("Properties")).get("PolicyDocument"))
				.get("Statement")).stream()
				.filter((statement) -> String.valueOf(((Map<?, ?>) statement).get("Action")).contains("xray:"))
				.forEach(xray::add));
		assertThat(xray).containsExactly(Map.of("Effect", "Allow", "Action",
				List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*"));
	}

	@Test
	void refusesToGuessTheFunctionToRun() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OrderProcessorFunction.Props(this.vpc, code(), " ", Map.of()));
	}

	private Code code() {
		return Code.fromBucket(Bucket.fromBucketName(this.stack, "Artifacts" + System.nanoTime(), "shop-artifacts"),
				"order-processor-lambda.zip");
	}

}
