package io.latticeshop.infra.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.S3DownloadOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The web server: the {@code web-server} jar on one Amazon Linux 2023 instance with
 * Corretto 21, run by systemd. Reachable only from VPC Lattice on {@link #PORT};
 * operators get in through SSM Session Manager, so there is no key pair and no SSH rule.
 */
public class WebServerInstance extends Construct {

	public static final int PORT = 8080;

	// The readiness probe, the one management endpoint on the shop's port (the rest
	// listen on loopback only).
	public static final String HEALTH_CHECK_PATH = "/readyz";

	static final String JAR_PATH = "/opt/web-server/web-server.jar";

	// The jar unpacked into a plain jar plus lib/: class data sharing archives classes
	// from ordinary jars only, not from the jars nested in a Boot jar.
	static final String EXTRACTED_JAR_PATH = "/opt/web-server/extracted/web-server.jar";

	// In the state directory, so that the service's dynamic user can write it.
	static final String CDS_ARCHIVE_PATH = "/var/lib/web-server/web-server.jsa";

	private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

	private final Instance instance;

	private final Role role;

	private final SecurityGroup securityGroup;

	/**
	 * @param vpc where the instance runs (a private subnet with egress, for dnf and SSM)
	 * @param jar the executable jar, as an S3 asset
	 * @param latticePrefixListId id of the {@code com.amazonaws.<region>.vpc-lattice}
	 * prefix list, the only source admitted
	 * @param environment variables for the application, peer URLs among them
	 */
	public record Props(IVpc vpc, Asset jar, String latticePrefixListId, Map<String, String> environment) {

		public Props {
			Objects.requireNonNull(vpc, "vpc");
			Objects.requireNonNull(jar, "jar");
			Objects.requireNonNull(latticePrefixListId, "latticePrefixListId");
			environment = new TreeMap<>(environment);
			environment.keySet().forEach((name) -> {
				if (!ENV_NAME.matcher(name).matches()) {
					throw new IllegalArgumentException("not a portable environment variable name: " + name);
				}
			});
		}

	}

	public WebServerInstance(Construct scope, String id, Props props) {
		super(scope, id);
		// requireImdsv2 adds a launch template, by default named after the instance's id
		// alone ("InstanceLaunchTemplate"), which a second stack in the account and
		// region would collide with. The flag names it after the construct path instead.
		getNode().setContext("@aws-cdk/aws-ec2:uniqueImdsv2TemplateName", true);
		this.role = Role.Builder.create(this, "Role")
			.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
			.description("Lattice Shop web server instance")
			.build();

		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(props.vpc())
			.description("Lattice Shop web server: app port from VPC Lattice only")
			// Outbound goes to Lattice, S3 (the jar), the dnf mirrors and SSM.
			.allowAllOutbound(true)
			.build();
		this.securityGroup.addIngressRule(Peer.prefixList(props.latticePrefixListId()), Port.tcp(PORT),
				"VPC Lattice to the web server");

		this.instance = Instance.Builder.create(this, "Instance")
			.vpc(props.vpc())
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
			.instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.SMALL))
			.machineImage(MachineImage.latestAmazonLinux2023(
					AmazonLinux2023ImageSsmParameterProps.builder().cpuType(AmazonLinuxCpuType.ARM_64).build()))
			.role(this.role)
			.securityGroup(this.securityGroup)
			.requireImdsv2(true)
			.ssmSessionPermissions(true)
			.detailedMonitoring(true)
			.blockDevices(List.of(BlockDevice.builder()
				.deviceName("/dev/xvda")
				.volume(BlockDeviceVolume.ebs(16,
						EbsDeviceOptions.builder().encrypted(true).volumeType(EbsDeviceVolumeType.GP3).build()))
				.build()))
			.userData(userData(props))
			// User data runs on first boot only: a new jar must mean a new instance, or
			// the old jar keeps running.
			.userDataCausesReplacement(true)
			.build();
		// Narrower than Asset.grantRead, which opens the whole assets bucket to listing.
		this.role.addToPrincipalPolicy(PolicyStatement.Builder.create()
			.effect(Effect.ALLOW)
			.actions(List.of("s3:GetObject"))
			.resources(List.of(props.jar().getBucket().arnForObjects(props.jar().getS3ObjectKey())))
			.build());

		NagSuppressions.addResourceSuppressions(this.instance, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-EC29")
			.reason("Replaced on every new jar by design; termination protection would block that and cdk destroy")
			.build()));
		NagSuppressions.addResourceSuppressions(this.role, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-IAM4")
			.reason("AmazonSSMManagedInstanceCore is the documented minimum for Session Manager, which replaces SSH")
			.appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore"))
			.build()), true);
	}

	public Instance instance() {
		return this.instance;
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
		userData.addCommands("set -euo pipefail", "dnf install -y java-21-amazon-corretto-headless");
		userData.addS3DownloadCommand(S3DownloadOptions.builder()
			.bucket(props.jar().getBucket())
			.bucketKey(props.jar().getS3ObjectKey())
			.localFile(JAR_PATH)
			.build());
		userData.addCommands(
				"java -Djarmode=tools -jar " + JAR_PATH + " extract --destination /opt/web-server/extracted",
				"cat > /etc/systemd/system/web-server.service <<'UNIT'", systemdUnit(props.environment()), "UNIT",
				"systemctl daemon-reload", "systemctl enable --now web-server.service");
		return userData;
	}

	private static String systemdUnit(Map<String, String> environment) {
		StringBuilder unit = new StringBuilder();
		unit.append("[Unit]\n")
			.append("Description=Lattice Shop web server\n")
			.append("Wants=network-online.target\n")
			.append("After=network-online.target\n\n")
			.append("[Service]\n")
			// A throwaway system user and a state directory it owns (for the order
			// database) without managing either in user data.
			.append("DynamicUser=yes\n")
			.append("StateDirectory=web-server\n")
			.append("WorkingDirectory=/var/lib/web-server\n")
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
