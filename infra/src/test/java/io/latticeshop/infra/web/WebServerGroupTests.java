package io.latticeshop.infra.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latticeshop.infra.network.ShopVpc;
import io.latticeshop.infra.tracing.XRayTracing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.Secret;

import static io.latticeshop.infra.CfnRefs.ingressRules;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.ref;
import static io.latticeshop.infra.CfnRefs.text;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServerGroupTests {

	private static final String PREFIX_LIST = "pl-0123456789abcdef0";

	private static final String TARGET_GROUP = "arn:aws:vpc-lattice:eu-west-1:123456789012:targetgroup/tg-0123";

	private WebServerGroup webServer;

	private Secret secret;

	private IVpc vpc;

	private Template template;

	@BeforeAll
	void synthesize() throws IOException {
		this.webServer = webServer(
				Map.of("LATTICE_PEERS_ERP_URL", "https://erp.example", "SPRING_PROFILES_ACTIVE", "aws"));
		this.webServer.attachTo(TARGET_GROUP);
		Stack stack = Stack.of(this.webServer);
		this.secret = (Secret) stack.getNode().findChild("DatabaseSecret");
		this.vpc = ((ShopVpc) stack.getNode().findChild("Vpc")).vpc();
		this.template = Template.fromStack(stack);
	}

	@Test
	void onlyLatticeReachesTheInstancesAndOnlyOnTheAppPort() {
		assertThat(ingressRules(this.template, this.webServer.securityGroup()))
			.containsExactly(Map.of("IpProtocol", "tcp", "FromPort", 8080, "ToPort", 8080, "SourcePrefixListId",
					PREFIX_LIST, "Description", "VPC Lattice to the web server"));
	}

	@Test
	void twoOrMoreInstancesAcrossTheVpcsTwoPrivateSubnets() {
		List<Object> privateSubnets = this.vpc.getPrivateSubnets()
			.stream()
			.map((subnet) -> (Object) ref(subnet.getNode().getDefaultChild()))
			.toList();
		assertThat(privateSubnets).hasSize(2);
		this.template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup",
				Map.of("MinSize", "2", "MaxSize", "4", "VPCZoneIdentifier", privateSubnets));
	}

	@Test
	void theGroupRegistersItsInstancesWithTheLatticeTargetGroupWhichHealthChecksThem() {
		this.template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup",
				Map.of("TrafficSources", List.of(Map.of("Identifier", TARGET_GROUP, "Type", "vpc-lattice")),
						"HealthCheckType", Match.stringLikeRegexp(".*VPC_LATTICE.*"), "HealthCheckGracePeriod", 300));
	}

	@Test
	void aNewLaunchTemplateReplacesOneInstanceAtATimeEachReadyBeforeTheNext() {
		this.template.hasResource("AWS::AutoScaling::AutoScalingGroup",
				Map.of("UpdatePolicy",
						Map.of("AutoScalingRollingUpdate",
								Map.of("MaxBatchSize", 1, "MinInstancesInService", 2, "PauseTime", "PT15M",
										"WaitOnResourceSignals", true)),
						"CreationPolicy", Map.of("ResourceSignal", Map.of("Count", 2, "Timeout", "PT15M"))));
		assertThat(userData()).contains("/opt/aws/bin/cfn-signal")
			.endsWith(
					"timeout 600 bash -c 'until curl -fsS http://127.0.0.1:8080/readyz > /dev/null; do sleep 5; done'");
	}

	@Test
	void instancesLaunchOnlyOnceThePrivateSubnetsDefaultRoutesExist() {
		this.template.hasResource("AWS::AutoScaling::AutoScalingGroup",
				Map.of("DependsOn", Match.arrayWith(defaultRoutes(this.vpc))));
	}

	@Test
	void downloadsAreRetriedABoundedNumberOfTimesAndAFailedBootSignalsFailure() {
		String group = logicalId(this.webServer.group());
		assertThat(userData()).contains("  until \"$@\"; do\n    if [ \"$attempt\" -ge 6 ]; then\n")
			.contains("\nretry dnf install -y java-21-amazon-corretto-headless aws-cfn-bootstrap python3 "
					+ "amazon-cloudwatch-agent\n")
			.contains("\nretry aws s3 cp --only-show-errors 's3://")
			// The exit trap: any failure is a FAILURE signal, through cfn-signal or,
			// when dnf never installed it, the AWS CLI.
			.contains("status=$(( exitCode == 0 ? 0 : 1 ))")
			.contains("/opt/aws/bin/cfn-signal -e \"$status\" --stack ${AWS::StackName} --resource " + group)
			.contains("aws cloudformation signal-resource --region ${AWS::Region} --stack-name ${AWS::StackName} "
					+ "--logical-resource-id " + group + " --unique-id \"$instance\" --status $([ \"$status\" -eq 0 ]"
					+ " && echo SUCCESS || echo FAILURE)");
		assertThat(userData().indexOf("trap exitTrap EXIT")).isLessThan(userData().indexOf("set -euo pipefail"));
	}

	@Test
	void userDataIsBashAndItsRetryGivesUpAfterTheLastAttempt() throws Exception {
		String userData = userData();
		assertThat(bash("-n", "-c", userData).exitCode()).isZero();
		int start = userData.indexOf("retry() {");
		String retry = userData.substring(start, userData.indexOf("\n}\n", start) + 3);
		// sleep stubbed out; the counter file tells how often the command ran.
		String script = "sleep() { :; }\n" + retry
				+ "count() { echo x >> \"$1\"; [ $(wc -l < \"$1\") -ge \"$2\" ]; }\n";
		Path counter = Files.createTempFile("attempts", ".txt");

		Bash gaveUp = bash("-c", script + "retry count " + counter + " 99");
		assertThat(gaveUp.exitCode()).isEqualTo(1);
		assertThat(Files.readAllLines(counter)).hasSize(WebServerGroup.DOWNLOAD_ATTEMPTS);
		assertThat(gaveUp.stderr()).contains("user data: gave up after 6 attempts: count");

		Files.writeString(counter, "");
		assertThat(bash("-c", script + "retry count " + counter + " 3").exitCode()).isZero();
		assertThat(Files.readAllLines(counter)).hasSize(3);
	}

	private record Bash(int exitCode, String stderr) {
	}

	private static Bash bash(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		String stderr = new String(process.getErrorStream().readAllBytes());
		return new Bash(process.waitFor(), stderr);
	}

	static List<Object> defaultRoutes(IVpc vpc) {
		return vpc.getPrivateSubnets()
			.stream()
			.map((subnet) -> (Object) logicalId(subnet.getNode().findChild("DefaultRoute")))
			.toList();
	}

	@Test
	void noSshKeyButSessionManager() {
		this.template.hasResourceProperties("AWS::EC2::LaunchTemplate",
				Map.of("LaunchTemplateData", Match.objectLike(Map.of("KeyName", Match.absent()))));
		this.template.hasResourceProperties("AWS::IAM::Role",
				Map.of("ManagedPolicyArns", Match.arrayWith(List.of(Map.of("Fn::Join", List.of("", List.of("arn:",
						Map.of("Ref", "AWS::Partition"), ":iam::aws:policy/AmazonSSMManagedInstanceCore")))))));
	}

	@Test
	void instanceMetadataRequiresTokensAndRootVolumesAreEncrypted() {
		this.template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match
			.objectLike(Map.of("MetadataOptions", Map.of("HttpTokens", "required"), "BlockDeviceMappings",
					List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Match.objectLike(Map.of("Encrypted", true))))))));
	}

	@Test
	void userDataInstallsCorrettoFetchesTheJarAndRunsItUnderSystemdWithClassDataSharing() {
		assertThat(userData()).contains("dnf install -y java-21-amazon-corretto-headless aws-cfn-bootstrap python3")
			.contains("aws s3 cp --only-show-errors 's3://")
			.contains("' '/opt/web-server/web-server.jar'")
			.contains("cat > /etc/systemd/system/web-server.service <<'UNIT'")
			.contains("Environment=\"LATTICE_PEERS_ERP_URL=https://erp.example\"")
			.contains("Environment=SERVER_PORT=8080")
			.contains(
					"java -Djarmode=tools -jar /opt/web-server/web-server.jar extract --destination /opt/web-server/extracted")
			.contains("ExecStart=/usr/bin/java -XX:MaxRAMPercentage=75 -XX:+AutoCreateSharedArchive"
					+ " -XX:SharedArchiveFile=/var/lib/web-server/web-server.jsa -Dspring.aot.enabled=true"
					+ " -jar /opt/web-server/extracted/web-server.jar")
			.contains("systemctl enable --now web-server.service");
	}

	@Test
	void theCloudWatchAgentTakesTheWebServersSpansOverOtlpOnLoopbackAndSendsThemToXRay() {
		String userData = userData();
		String config = "{\"agent\": {\"region\": \"${AWS::Region}\", \"run_as_user\": \"cwagent\"}, "
				+ "\"traces\": {\"traces_collected\": {\"otlp\": {\"grpc_endpoint\": \"127.0.0.1:4317\", "
				+ "\"http_endpoint\": \"127.0.0.1:4318\"}}}}";
		assertThat(userData)
			.contains("\ncat > /opt/aws/amazon-cloudwatch-agent/etc/xray-traces.json <<'JSON'\n" + config + "\nJSON\n")
			.contains("\n/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s "
					+ "-c file:/opt/aws/amazon-cloudwatch-agent/etc/xray-traces.json\n")
			.contains("Environment=\"TRACING_OTLP_ENDPOINT=http://127.0.0.1:4318/v1/traces\"\n")
			.contains("Environment=\"TRACING_SAMPLING_PROBABILITY=0.25\"\n");
		// Installed with the other packages, and listening before the web server sends
		// its first spans.
		assertThat(userData).contains(" amazon-cloudwatch-agent\n");
		assertThat(userData.indexOf("amazon-cloudwatch-agent-ctl -a fetch-config"))
			.isLessThan(userData.indexOf("systemctl enable --now web-server.service"));
	}

	@Test
	void theDatabasePasswordComesFromTheSecretAtEachStartAndNeverSitsInTheTemplate() {
		String secretArn = "${" + logicalId(this.secret) + "}";
		assertThat(userData()).contains("ExecStartPre=+/usr/local/bin/web-server-database-env\n")
			.contains("EnvironmentFile=-/run/web-server-database/env\n")
			.contains("aws secretsmanager get-secret-value --region ${AWS::Region} --secret-id " + secretArn)
			.contains("SPRING_DATASOURCE_PASSWORD=")
			.doesNotContain("SecretString}");
	}

	@Test
	void theRoleMayReadTheJarAndTheDatabaseSecretSignalItsStackWriteTracesAndNothingElse() {
		Map<?, ?> policy = (Map<?, ?>) this.template
			.findResources("AWS::IAM::Policy",
					Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", logicalId(this.webServer.role()))))))
			.values()
			.iterator()
			.next()
			.get("Properties");
		List<?> statements = (List<?>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement");
		assertThat(statements).hasSize(4);
		assertThat(List.<Object>copyOf(statements)).contains(Map.of("Effect", "Allow", "Action",
				List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "Resource", "*"));
		assertThat(List.<Object>copyOf(statements)).contains(Map.of("Action", "cloudformation:SignalResource", "Effect",
				"Allow", "Resource", Map.of("Ref", "AWS::StackId")));
		assertThat(statements).anySatisfy((statement) -> {
			Map<?, ?> allow = (Map<?, ?>) statement;
			assertThat(allow.get("Action")).isEqualTo("s3:GetObject");
			assertThat(text(allow.get("Resource"))).matches("arn:\\$\\{AWS::Partition}:s3:::[^*]+/[0-9a-f]{64}\\.jar");
		});
		assertThat(statements).anySatisfy((statement) -> {
			Map<?, ?> allow = (Map<?, ?>) statement;
			assertThat(allow.get("Action"))
				.isEqualTo(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
			assertThat(allow.get("Resource")).isEqualTo(ref(this.secret.getNode().getDefaultChild()));
		});
	}

	@Test
	void theEnvironmentIsListedSortedSoThatItsOrderNeverReplacesTheInstances() throws IOException {
		Map<String, String> ascending = new LinkedHashMap<>();
		ascending.put("A_FIRST", "1");
		ascending.put("B_SECOND", "2");
		Map<String, String> descending = new LinkedHashMap<>();
		descending.put("B_SECOND", "2");
		descending.put("A_FIRST", "1");

		String userData = userData(Template.fromStack(Stack.of(webServer(descending))));

		assertThat(userData).contains("Environment=\"A_FIRST=1\"\nEnvironment=\"B_SECOND=2\"\n");
		assertThat(userData).isEqualTo(userData(Template.fromStack(Stack.of(webServer(ascending)))));
	}

	private static WebServerGroup webServer(Map<String, String> environment) throws IOException {
		Stack stack = new Stack(new App(), "Test");
		Path jar = Files.writeString(Files.createTempFile("web-server", ".jar"), "jar");
		Secret secret = Secret.Builder.create(stack, "DatabaseSecret").build();
		return new WebServerGroup(stack, "WebServer",
				new WebServerGroup.Props(new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc(),
						Asset.Builder.create(stack, "Jar").path(jar.toString()).build(), PREFIX_LIST, environment,
						secret, new XRayTracing(0.25)));
	}

	private String userData() {
		return userData(this.template);
	}

	private static String userData(Template template) {
		Map<?, ?> launchTemplate = (Map<?, ?>) template.findResources("AWS::EC2::LaunchTemplate")
			.values()
			.iterator()
			.next()
			.get("Properties");
		return text(
				((Map<?, ?>) ((Map<?, ?>) launchTemplate.get("LaunchTemplateData")).get("UserData")).get("Fn::Base64"));
	}

}
