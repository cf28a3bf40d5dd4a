package io.latticeshop.infra.orders;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.latticeshop.infra.tracing.XRayTracing;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The order processor: the {@code order-processor} zip on Lambda ({@code java21}) with
 * SnapStart, published as a version behind the {@value #ALIAS} alias, which is what
 * Lattice invokes.
 */
public class OrderProcessorFunction extends Construct {

	public static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

	public static final String ALIAS = "live";

	private final Function function;

	private final Alias alias;

	/**
	 * @param vpc the order processor's VPC (isolated subnets: it calls nobody)
	 * @param code the Lambda zip
	 * @param functionDefinition the Spring Cloud Function bean to run; set explicitly
	 * because Spring Cloud Function does not recognise Lattice events and must not route
	 * by request headers
	 * @param environment further variables for the function
	 */
	public record Props(IVpc vpc, Code code, String functionDefinition, Map<String, String> environment) {

		public Props {
			Objects.requireNonNull(vpc, "vpc");
			Objects.requireNonNull(code, "code");
			if (functionDefinition == null || functionDefinition.isBlank()) {
				throw new IllegalArgumentException("functionDefinition is required");
			}
			environment = new TreeMap<>(environment);
		}

	}

	public OrderProcessorFunction(Construct scope, String id, Props props) {
		super(scope, id);
		LogGroup logs = LogGroup.Builder.create(this, "Logs")
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		Map<String, String> environment = new TreeMap<>(props.environment());
		environment.put("SPRING_CLOUD_FUNCTION_DEFINITION", props.functionDefinition());

		this.function = Function.Builder.create(this, "Function")
			.description("Lattice Shop order processor: prices and validates orders")
			.runtime(Runtime.JAVA_21)
			.architecture(Architecture.ARM_64)
			.handler(HANDLER)
			.code(props.code())
			// Memory buys CPU, and Spring's start-up and the snapshot restore are
			// CPU-bound.
			.memorySize(1024)
			.timeout(Duration.seconds(15))
			.environment(environment)
			.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
			// Lambda's own segments in X-Ray (the invocation, the snapshot's restore, the
			// handler's time), sampled by Lambda. They form a trace of their own: Lambda
			// starts it from X-Amzn-Trace-Id, not from the traceparent that Lattice
			// passes
			// in the event. The function's log line carries the traceparent's trace id,
			// Lambda's REPORT line the X-Ray one (README, "Traces in AWS").
			.tracing(Tracing.ACTIVE)
			.vpc(props.vpc())
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
			.allowPublicSubnet(false)
			.logGroup(logs)
			.build();
		// SnapStart only applies to published versions; an alias keeps one stable ARN for
		// Lattice while each deployment publishes a new version behind it.
		this.alias = Alias.Builder.create(this, "Alias")
			.aliasName(ALIAS)
			.version(this.function.getCurrentVersion())
			.build();

		// CDK warns whenever SnapStart is set, in case nothing publishes a version; the
		// alias above does.
		Annotations.of(this.function)
			.acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish", "published through the live alias");

		NagSuppressions.addResourceSuppressions(this.function,
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-L1")
					.reason("The shop targets Java 21 throughout; java21 is a supported LTS runtime")
					.build()));
		XRayTracing.acceptWildcardWrites(this.function.getRole());
		NagSuppressions.addResourceSuppressions(this.function.getRole(), List.of(NagPackSuppression.builder()
			.id("AwsSolutions-IAM4")
			.reason("AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole are the minimal managed "
					+ "policies for logging and ENIs")
			.appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
					"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"))
			.build()));
	}

	public Function function() {
		return this.function;
	}

	/**
	 * @return the alias Lattice invokes
	 */
	public Alias alias() {
		return this.alias;
	}

}
