package io.latticeshop.infra;

import java.nio.file.Path;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * Entry point of {@code cdk synth} and {@code cdk deploy} (see {@code cdk.json}).
 * <p>
 * The stack is environment-agnostic on purpose: nothing is looked up at synth time, so a
 * machine without AWS credentials can synthesize the template that lattice-local reads.
 */
public final class LatticeShopApp {

	static final String STACK_NAME = "LatticeShop";

	private LatticeShopApp() {
	}

	public static void main(String[] args) {
		App app = new App();
		ShopArtifacts artifacts;
		try {
			artifacts = ShopArtifacts.fromContext(app.getNode(), Path.of("target", "placeholder-assets"));
		}
		catch (IllegalStateException ex) {
			// A stack trace would bury the one thing the user needs to read.
			System.err.println(ex.getMessage());
			System.exit(1);
			return;
		}
		compose(app, artifacts);
		app.synth();
	}

	/**
	 * Adds the shop's stack to {@code app} and has cdk-nag's AwsSolutions pack check it
	 * on synthesis: unsuppressed findings become the warnings and errors that
	 * {@code cdk synth} prints.
	 * @param app the app
	 * @param artifacts what the workloads run
	 * @return the stack
	 */
	static LatticeShopStack compose(App app, ShopArtifacts artifacts) {
		LatticeShopStack stack = new LatticeShopStack(app, STACK_NAME, StackProps.builder()
			.stackName(STACK_NAME)
			.description("Lattice Shop: EC2, ECS Fargate and Lambda in three same-CIDR VPCs, connected by VPC Lattice")
			.build(), artifacts);
		Tags.of(stack).add("project", "lattice-shop");
		Aspects.of(app).add(new AwsSolutionsChecks());
		return stack;
	}

}
