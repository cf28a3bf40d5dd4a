package io.latticeshop.infra;

import java.nio.file.Path;
import java.util.regex.Pattern;

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

	static final String DEFAULT_STACK_NAME = "LatticeShop";

	/** Context key of the stack name ({@code cdk deploy -c stackName=...}). */
	static final String STACK_NAME = "stackName";

	// CloudFormation's rule for stack names.
	private static final Pattern STACK_NAME_PATTERN = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}");

	private LatticeShopApp() {
	}

	public static void main(String[] args) {
		App app = new App();
		ShopArtifacts artifacts;
		try {
			artifacts = ShopArtifacts.fromContext(app.getNode(), Path.of("target", "placeholder-assets"));
			compose(app, artifacts);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// A stack trace would bury the one thing the user needs to read.
			System.err.println(ex.getMessage());
			System.exit(1);
			return;
		}
		app.synth();
	}

	/**
	 * Adds the shop's stack, named by the {@code stackName} context key (default
	 * {@value #DEFAULT_STACK_NAME}), to {@code app}. See
	 * {@link #compose(App, String, ShopArtifacts)}.
	 * @param app the app
	 * @param artifacts what the workloads run
	 * @return the stack
	 */
	static LatticeShopStack compose(App app, ShopArtifacts artifacts) {
		Object name = app.getNode().tryGetContext(STACK_NAME);
		return compose(app, (name != null) ? name.toString() : DEFAULT_STACK_NAME, artifacts);
	}

	/**
	 * Adds a stack of the shop to {@code app} and has cdk-nag's AwsSolutions pack check
	 * it on synthesis: unsuppressed findings become the warnings and errors that
	 * {@code cdk synth} prints. The stack's construct id is its name, so that
	 * {@code cdk deploy <name>} selects it and its template is
	 * {@code cdk.out/<name>.template.json}.
	 * @param app the app
	 * @param stackName the CloudFormation stack name, from which the Lattice names derive
	 * @param artifacts what the workloads run
	 * @return the stack
	 */
	static LatticeShopStack compose(App app, String stackName, ShopArtifacts artifacts) {
		if (!STACK_NAME_PATTERN.matcher(stackName).matches()) {
			throw new IllegalArgumentException("stackName must be a CloudFormation stack name (a letter, then up to "
					+ "127 letters, digits and hyphens): " + stackName);
		}
		LatticeShopStack stack = new LatticeShopStack(app, stackName, StackProps.builder()
			.stackName(stackName)
			.description("Lattice Shop: EC2, ECS Fargate and Lambda in three same-CIDR VPCs, connected by VPC Lattice")
			.build(), artifacts);
		Tags.of(stack).add("project", "lattice-shop");
		if (Aspects.of(app).getAll().stream().noneMatch(AwsSolutionsChecks.class::isInstance)) {
			Aspects.of(app).add(new AwsSolutionsChecks());
		}
		return stack;
	}

}
