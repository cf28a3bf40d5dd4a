package io.latticeshop.infra.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.latticeshop.infra.tracing.XRayTracing;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CfnAutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.RollingUpdateOptions;
import software.amazon.awscdk.services.autoscaling.Signals;
import software.amazon.awscdk.services.autoscaling.SignalsOptions;
import software.amazon.awscdk.services.autoscaling.UpdatePolicy;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The web tier: the {@code web-server} jar on an Auto Scaling group of Amazon Linux 2023
 * instances with Corretto 21, run by systemd, {@link #INSTANCES} or more across two
 * Availability Zones. The group registers its instances with the Lattice target group it
 * is attached to ({@link #attachTo}) and replaces one that Lattice finds unhealthy; a new
 * jar replaces the instances one at a time, each new one in service (its readiness probe
 * answering) before the next old one goes. Reachable only from VPC Lattice on
 * {@link #PORT}; operators get in through SSM Session Manager, so there is no key pair
 * and no SSH rule. Orders live in PostgreSQL ({@link OrdersDatabase}), not on an
 * instance.
 */
public class WebServerGroup extends Construct {

	public static final int PORT = 8080;

	// The readiness probe, the one management endpoint on the shop's port (the rest
	// listen on loopback only).
	public static final String HEALTH_CHECK_PATH = "/readyz";

	public static final int INSTANCES = 2;

	static final String JAR_PATH = "/opt/web-server/web-server.jar";

	// Written before each start from the database secret, read by systemd as root: the
	// password never appears in the launch template or the unit.
	static final String DATABASE_ENV_PATH = "/run/web-server-database/env";

	static final String DATABASE_ENV_SCRIPT = "/usr/local/bin/web-server-database-env";

	static final String AGENT_CTL = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";

	static final String AGENT_CONFIG_PATH = "/opt/aws/amazon-cloudwatch-agent/etc/xray-traces.json";

	// A new instance's user data, Corretto install and first start included, must see
	// the application ready within this; otherwise the rolling update rolls back.
	private static final Duration READY_TIMEOUT = Duration.minutes(15);

	// The jar unpacked into a plain jar plus lib/: class data sharing archives classes
	// from ordinary jars only, not from the jars nested in a Boot jar.
	static final String EXTRACTED_JAR_PATH = "/opt/web-server/extracted/web-server.jar";

	// In the state directory, so that the service's dynamic user can write it.
	static final String CDS_ARCHIVE_PATH = "/var/lib/web-server/web-server.jsa";

	// Attempts of each download before user data gives up, and the pause after the
	// first failure (growing by as much each time): 6 attempts wait 150 s in all, so two
	// downloads and the readiness wait fit in READY_TIMEOUT.
	static final int DOWNLOAD_ATTEMPTS = 6;

	private static final int RETRY_PAUSE_SECONDS = 10;

	private static final SubnetSelection PRIVATE_SUBNETS = SubnetSelection.builder()
		.subnetType(SubnetType.PRIVATE_WITH_EGRESS)
		.build();

	private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

	private final AutoScalingGroup group;

	private final Role role;

	private final SecurityGroup securityGroup;

	/**
	 * @param vpc where the instances run (private subnets with egress, for dnf, SSM and
	 * Secrets Manager)
	 * @param jar the executable jar, as an S3 asset
	 * @param latticePrefixListId id of the {@code com.amazonaws.<region>.vpc-lattice}
	 * prefix list, the only source admitted
	 * @param environment variables for the application, peer URLs and the database's JDBC
	 * URL among them
	 * @param databaseSecret the RDS secret whose {@code password} the application signs
	 * in to the database with; the only secret the instances' role may read
	 * @param tracing how the web server's spans reach X-Ray: through the CloudWatch agent
	 * on each instance
	 */
	public record Props(IVpc vpc, Asset jar, String latticePrefixListId, Map<String, String> environment,
			ISecret databaseSecret, XRayTracing tracing) {

		public Props {
			Objects.requireNonNull(vpc, "vpc");
			Objects.requireNonNull(jar, "jar");
			Objects.requireNonNull(latticePrefixListId, "latticePrefixListId");
			Objects.requireNonNull(databaseSecret, "databaseSecret");
			Objects.requireNonNull(tracing, "tracing");
			environment = new TreeMap<>(environment);
			environment.putAll(tracing.applicationEnvironment());
			environment.keySet().forEach((name) -> {
				if (!ENV_NAME.matcher(name).matches()) {
					throw new IllegalArgumentException("not a portable environment variable name: " + name);
				}
			});
		}

	}

	public WebServerGroup(Construct scope, String id, Props props) {
		super(scope, id);
		this.role = Role.Builder.create(this, "Role")
			.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
			.description("Lattice Shop web server instances")
			.build();
		// What Session Manager needs, which replaces SSH.
		this.role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));

		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(props.vpc())
			.description("Lattice Shop web server: app port from VPC Lattice only")
			// Outbound goes to Lattice, S3 (the jar), the dnf mirrors, SSM, Secrets
			// Manager, X-Ray (the trace agent) and the database.
			.allowAllOutbound(true)
			.build();
		this.securityGroup.addIngressRule(Peer.prefixList(props.latticePrefixListId()), Port.tcp(PORT),
				"VPC Lattice to the web server");

		UserData userData = userData(props);
		LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
			.instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.SMALL))
			.machineImage(MachineImage.latestAmazonLinux2023(
					AmazonLinux2023ImageSsmParameterProps.builder().cpuType(AmazonLinuxCpuType.ARM_64).build()))
			.role(this.role)
			.securityGroup(this.securityGroup)
			.requireImdsv2(true)
			.detailedMonitoring(true)
			.blockDevices(List.of(BlockDevice.builder()
				.deviceName("/dev/xvda")
				.volume(BlockDeviceVolume.ebs(16,
						EbsDeviceOptions.builder().encrypted(true).volumeType(EbsDeviceVolumeType.GP3).build()))
				.build()))
			.userData(userData)
			.build();
		this.group = AutoScalingGroup.Builder.create(this, "Group")
			.vpc(props.vpc())
			// The VPC's private subnets span two Availability Zones; the group balances
			// its instances across them.
			.vpcSubnets(PRIVATE_SUBNETS)
			.launchTemplate(launchTemplate)
			.minCapacity(INSTANCES)
			.maxCapacity(2 * INSTANCES)
			// Lattice's health check decides, after a new instance has had time to
			// install Corretto and start.
			.healthChecks(HealthChecks.withAdditionalChecks(AdditionalHealthChecksOptions.builder()
				.additionalTypes(List.of(AdditionalHealthCheckType.VPC_LATTICE))
				.gracePeriod(Duration.minutes(5))
				.build()))
			// A new launch template version (a new jar, a newer image) replaces one
			// instance
			// at a time, never going below INSTANCES in service: each new instance
			// signals
			// once its readiness probe answers, and only then does the next old one go.
			.signals(Signals.waitForMinCapacity(SignalsOptions.builder().timeout(READY_TIMEOUT).build()))
			.updatePolicy(UpdatePolicy.rollingUpdate(RollingUpdateOptions.builder()
				.maxBatchSize(1)
				.minInstancesInService(INSTANCES)
				.pauseTime(READY_TIMEOUT)
				.build()))
			.build();
		// The instances' first boot downloads through the NAT gateway: without this
		// dependency CloudFormation may launch them before the private subnets' default
		// routes exist, and user data would fail with nowhere to send packets.
		this.group.getNode()
			.addDependency(props.vpc().selectSubnets(PRIVATE_SUBNETS).getInternetConnectivityEstablished());
		signalOnExit(userData, this.group, this.role);
		// Narrower than Asset.grantRead, which opens the whole assets bucket to listing.
		this.role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.effect(Effect.ALLOW)
			.actions(List.of("s3:GetObject"))
			.resources(List.of(props.jar().getBucket().arnForObjects(props.jar().getS3ObjectKey())))
			.build());

		props.databaseSecret().grantRead(this.role);
		XRayTracing.allowWrites(this.role);

		NagSuppressions.addResourceSuppressions(this.group,
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-AS3")
					.reason("Scaling events are in the group's activity history and CloudWatch; no one subscribes to "
							+ "notifications of a reference deployment")
					.build()));
		NagSuppressions.addResourceSuppressions(this.role, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-IAM4")
			.reason("AmazonSSMManagedInstanceCore is the documented minimum for Session Manager, which replaces SSH")
			.appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore"))
			.build()), true);
	}

	/**
	 * Has the group register its instances with a Lattice target group of type
	 * {@code INSTANCE} (Auto Scaling's VPC Lattice traffic source) and take them out
	 * before terminating them.
	 * @param targetGroupArn the target group's ARN
	 */
	public void attachTo(String targetGroupArn) {
		((CfnAutoScalingGroup) this.group.getNode().getDefaultChild())
			.setTrafficSources(List.of(CfnAutoScalingGroup.TrafficSourceIdentifierProperty.builder()
				.identifier(targetGroupArn)
				.type("vpc-lattice")
				.build()));
	}

	public AutoScalingGroup group() {
		return this.group;
	}

	/**
	 * @return the role the application's SigV4 credentials come from (through IMDSv2)
	 */
	public IRole role() {
		return this.role;
	}

	public SecurityGroup securityGroup() {
		return this.securityGroup;
	}

	private static UserData userData(Props props) {
		UserData userData = UserData.forLinux();
		userData.addCommands("set -euo pipefail",
				// Bounded retries for what the network can refuse for a while (a mirror,
				// S3, a route not yet propagated); giving up fails the script, and its
				// exit trap signals the failure.
				"retry() {", "  local attempt=1", "  until \"$@\"; do",
				"    if [ \"$attempt\" -ge " + DOWNLOAD_ATTEMPTS + " ]; then",
				"      echo \"user data: gave up after $attempt attempts: $*\" >&2", "      return 1", "    fi",
				"    echo \"user data: attempt $attempt failed, retrying: $*\" >&2",
				"    sleep $((attempt * " + RETRY_PAUSE_SECONDS + "))", "    attempt=$((attempt + 1))", "  done", "}",
				"retry dnf install -y java-21-amazon-corretto-headless aws-cfn-bootstrap python3 amazon-cloudwatch-agent",
				"mkdir -p " + JAR_PATH.substring(0, JAR_PATH.lastIndexOf('/')),
				"retry aws s3 cp --only-show-errors 's3://" + props.jar().getS3BucketName() + "/"
						+ props.jar().getS3ObjectKey() + "' '" + JAR_PATH + "'");
		userData.addCommands(
				"java -Djarmode=tools -jar " + JAR_PATH + " extract --destination /opt/web-server/extracted",
				// The trace agent first, so that it listens before the web server's first
				// spans; the cwagent user comes with the package. A configuration the
				// agent
				// rejects fails the boot like a failed download.
				"cat > " + AGENT_CONFIG_PATH + " <<'JSON'", props.tracing().agentConfig("cwagent"), "JSON",
				AGENT_CTL + " -a fetch-config -m ec2 -s -c file:" + AGENT_CONFIG_PATH,
				"cat > " + DATABASE_ENV_SCRIPT + " <<'SCRIPT'", databaseEnvScript(props.databaseSecret()), "SCRIPT",
				"chmod 700 " + DATABASE_ENV_SCRIPT, "cat > /etc/systemd/system/web-server.service <<'UNIT'",
				systemdUnit(props.environment()), "UNIT", "systemctl daemon-reload",
				"systemctl enable --now web-server.service",
				// The signal (on exit, see signalOnExit) says whether this instance is
				// ready to serve: creation and a rolling update wait for it.
				"timeout 600 bash -c 'until curl -fsS http://127.0.0.1:" + PORT + HEALTH_CHECK_PATH
						+ " > /dev/null; do sleep 5; done'");
		return userData;
	}

	/**
	 * Signals the group's creation or update policy when user data exits: success on exit
	 * status 0, failure on any other, so that a boot that gives up fails the deploy at
	 * once instead of after the signal timeout. cfn-signal comes with
	 * {@code aws-cfn-bootstrap}, which dnf may have failed to install; the AWS CLI of the
	 * image sends the failure then.
	 */
	private static void signalOnExit(UserData userData, AutoScalingGroup group, Role role) {
		String stack = Aws.STACK_NAME;
		String resource = Stack.of(group)
			.resolve(((CfnAutoScalingGroup) group.getNode().getDefaultChild()).getLogicalId())
			.toString();
		userData.addOnExitCommands("status=$(( exitCode == 0 ? 0 : 1 ))",
				"[ \"$status\" -eq 0 ] || echo \"user data: failed with exit status $exitCode, signalling FAILURE\" >&2",
				"if [ -x /opt/aws/bin/cfn-signal ]; then",
				"  /opt/aws/bin/cfn-signal -e \"$status\" --stack " + stack + " --resource " + resource + " --region "
						+ Aws.REGION,
				"else",
				"  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')",
				"  instance=$(curl -fsS -H \"X-aws-ec2-metadata-token: $token\" http://169.254.169.254/latest/meta-data/instance-id)",
				"  aws cloudformation signal-resource --region " + Aws.REGION + " --stack-name " + stack
						+ " --logical-resource-id " + resource + " --unique-id \"$instance\""
						+ " --status $([ \"$status\" -eq 0 ] && echo SUCCESS || echo FAILURE)",
				"fi || echo 'user data: could not send the signal' >&2");
		role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.effect(Effect.ALLOW)
			.actions(List.of("cloudformation:SignalResource"))
			.resources(List.of(Aws.STACK_ID))
			.build());
	}

	// The password, and only the password, from the secret into a root-only file that
	// systemd reads into the service's environment.
	private static String databaseEnvScript(ISecret secret) {
		return String.join("\n", "#!/bin/bash", "set -euo pipefail", "umask 077",
				"mkdir -p " + DATABASE_ENV_PATH.substring(0, DATABASE_ENV_PATH.lastIndexOf('/')),
				"aws secretsmanager get-secret-value --region " + Aws.REGION + " --secret-id " + secret.getSecretArn()
						+ " --query SecretString --output text \\",
				"  | python3 -c 'import json, sys; print(\"SPRING_DATASOURCE_PASSWORD=\" + json.load(sys.stdin)[\"password\"])' \\",
				"  > " + DATABASE_ENV_PATH);
	}

	private static String systemdUnit(Map<String, String> environment) {
		StringBuilder unit = new StringBuilder();
		unit.append("[Unit]\n")
			.append("Description=Lattice Shop web server\n")
			.append("Wants=network-online.target\n")
			.append("After=network-online.target\n\n")
			.append("[Service]\n")
			// A throwaway system user and a state directory it owns (for the class data
			// sharing archive) without managing either in user data.
			.append("DynamicUser=yes\n")
			.append("StateDirectory=web-server\n")
			.append("WorkingDirectory=/var/lib/web-server\n")
			// '+': as root, before the dynamic user exists; systemd reads the file it
			// writes when it starts the JVM.
			.append("ExecStartPre=+")
			.append(DATABASE_ENV_SCRIPT)
			.append('\n')
			.append("EnvironmentFile=-")
			.append(DATABASE_ENV_PATH)
			.append('\n')
			.append("Environment=SERVER_PORT=")
			.append(PORT)
			.append('\n');
		environment.forEach(
				(name, value) -> unit.append("Environment=\"").append(name).append('=').append(value).append("\"\n"));
		// The JVM writes a class data sharing archive when the service first stops and
		// starts from it afterwards; when Corretto is updated it notices the mismatch and
		// writes a new one. Spring AOT runs the bean definitions the build generated for
		// the aws profile. Both are start-up levers measured by bench/readiness.sh.
		unit.append(
				"ExecStart=/usr/bin/java -XX:MaxRAMPercentage=75 -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=")
			.append(CDS_ARCHIVE_PATH)
			.append(" -Dspring.aot.enabled=true -jar ")
			.append(EXTRACTED_JAR_PATH)
			.append('\n')
			.append("Restart=on-failure\n")
			.append("RestartSec=5\n")
			.append("SuccessExitStatus=143\n\n")
			.append("[Install]\n")
			.append("WantedBy=multi-user.target");
		return unit.toString();
	}

}
