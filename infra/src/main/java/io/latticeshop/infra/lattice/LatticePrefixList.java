package io.latticeshop.infra.lattice;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The id of the AWS-managed prefix list {@code com.amazonaws.<region>.vpc-lattice}, the
 * source addresses of all traffic Lattice sends to targets.
 * <p>
 * The id differs per region and CloudFormation has no intrinsic for it.
 * {@code PrefixList.fromLookup} would need credentials at synth time and pin one region
 * into the template; a CfnParameter would make every deployer find the id by hand. A
 * custom resource calling {@code ec2:DescribeManagedPrefixLists} at deploy time keeps
 * synth offline and the template region-agnostic, at the price of one small provider
 * function.
 */
public class LatticePrefixList extends Construct {

	private static final String ID_PATH = "PrefixLists.0.PrefixListId";

	private final String prefixListId;

	public LatticePrefixList(Construct scope, String id) {
		super(scope, id);
		AwsSdkCall describe = AwsSdkCall.builder()
			.service("EC2")
			.action("describeManagedPrefixLists")
			.parameters(Map.of("Filters",
					List.of(Map.of("Name", "prefix-list-name", "Values",
							List.of("com.amazonaws." + Aws.REGION + ".vpc-lattice")))))
			.physicalResourceId(PhysicalResourceId.fromResponse(ID_PATH))
			.outputPaths(List.of(ID_PATH))
			.build();
		AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "Lookup")
			.onUpdate(describe)
			.policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
				.effect(Effect.ALLOW)
				.actions(List.of("ec2:DescribeManagedPrefixLists"))
				.resources(List.of("*"))
				.build())))
			.installLatestAwsSdk(false)
			// Lambda would otherwise create the provider's log group itself, keep its
			// logs forever and leave it behind when the stack is deleted.
			.logGroup(LogGroup.Builder.create(this, "ProviderLogs")
				.retention(RetentionDays.ONE_MONTH)
				.removalPolicy(RemovalPolicy.DESTROY)
				.build())
			.build();
		this.prefixListId = lookup.getResponseField(ID_PATH);
		suppressProviderFindings(lookup);
	}

	/**
	 * @return the prefix list id, resolved at deploy time
	 */
	public String prefixListId() {
		return this.prefixListId;
	}

	private void suppressProviderFindings(AwsCustomResource lookup) {
		NagSuppressions.addResourceSuppressions(lookup, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-IAM5")
			.reason("ec2:DescribeManagedPrefixLists supports no resource-level permissions; the action is read-only")
			.appliesTo(List.of("Resource::*"))
			.build()), true);
		// The provider function is a stack-wide singleton that CDK owns, not a child of
		// ours.
		IConstruct provider = Stack.of(this).getNode().tryFindChild(AwsCustomResource.PROVIDER_FUNCTION_UUID);
		if (provider == null) {
			provider = Stack.of(this)
				.getNode()
				.tryFindChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
		}
		if (provider != null) {
			NagSuppressions.addResourceSuppressions(provider, List.of(NagPackSuppression.builder()
				.id("AwsSolutions-IAM4")
				.reason("CDK's custom resource provider uses AWSLambdaBasicExecutionRole only to write its own logs")
				.appliesTo(List
					.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
				.build(),
					NagPackSuppression.builder()
						.id("AwsSolutions-L1")
						.reason("CDK chooses and updates the runtime of its own custom resource provider")
						.build()),
					true);
		}
	}

}
