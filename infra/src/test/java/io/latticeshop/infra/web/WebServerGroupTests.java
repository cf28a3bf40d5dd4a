package io.latticeshop.infra.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import software.amazon.awscdk.services.s3.assets.Asset;

import static io.latticeshop.infra.CfnRefs.ingressRules;
import static io.latticeshop.infra.CfnRefs.logicalId;
import static io.latticeshop.infra.CfnRefs.text;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServerInstanceTests {

	private static final String PREFIX_LIST = "pl-0123456789abcdef0";

	private WebServerInstance webServer;

	private Template template;

	@BeforeAll
	void synthesize() throws IOException {
		this.webServer = webServer(
				Map.of("LATTICE_PEERS_ERP_URL", "https://erp.example", "SPRING_PROFILES_ACTIVE", "aws"));
		this.template = Template.fromStack(Stack.of(this.webServer));
	}

	@Test
	void onlyLatticeReachesTheInstanceAndOnlyOnTheAppPort() {
		assertThat(ingressRules(this.template, this.webServer.securityGroup()))
			.containsExactly(Map.of("IpProtocol", "tcp", "FromPort", 8080, "ToPort", 8080, "SourcePrefixListId",
					PREFIX_LIST, "Description", "VPC Lattice to the web server"));
	}

	@Test
	void noSshKeyButSessionManager() {
		this.template.hasResourceProperties("AWS::EC2::Instance", Map.of("KeyName", Match.absent()));
		this.template.hasResourceProperties("AWS::IAM::Role",
				Map.of("ManagedPolicyArns", Match.arrayWith(List.of(Map.of("Fn::Join", List.of("", List.of("arn:",
						Map.of("Ref", "AWS::Partition"), ":iam::aws:policy/AmazonSSMManagedInstanceCore")))))));
	}

	@Test
	void instanceMetadataRequiresTokens() {
		this.template.hasResourceProperties("AWS::EC2::LaunchTemplate",
				Map.of("LaunchTemplateData", Map.of("MetadataOptions", Map.of("HttpTokens", "required"))));
		this.template.hasResourceProperties("AWS::EC2::Instance",
				Map.of("LaunchTemplate", Match.objectLike(Map.of("LaunchTemplateName", Match.anyValue()))));
	}

	@Test
	void theLaunchTemplateIsNamedAfterItsPathSoThatTwoStacksDoNotCollide() {
		this.template.hasResourceProperties("AWS::EC2::LaunchTemplate",
				Map.of("LaunchTemplateName", Match.not(Match.exact("InstanceLaunchTemplate"))));
		this.template.hasResourceProperties("AWS::EC2::LaunchTemplate",
				Map.of("LaunchTemplateName", Match.stringLikeRegexp("Test.*WebServer.*LaunchTemplate.*")));
	}

	@Test
	void rootVolumeIsEncrypted() {
		this.template.hasResourceProperties("AWS::EC2::Instance", Map.of("BlockDeviceMappings",
				List.of(Map.of("DeviceName", "/dev/xvda", "Ebs", Match.objectLike(Map.of("Encrypted", true))))));
	}

	@Test
	void userDataInstallsCorrettoFetchesTheJarAndRunsItUnderSystemdWithClassDataSharing() {
		String userData = userData();
		assertThat(userData).contains("dnf install -y java-21-amazon-corretto-headless")
			.contains("aws s3 cp 's3://")
			.contains("' '/opt/web-server/web-server.jar'")
			.contains("cat > /etc/systemd/system/web-server.service <<'UNIT'")
			.contains("Environment=\"LATTICE_PEERS_ERP_URL=https://erp.example\"")
			.contains("Environment=SERVER_PORT=8080")
			.contains(
					"java -Djarmode=tools -jar /opt/web-server/web-server.jar extract --destination /opt/web-server/extracted")
			.contains("ExecStart=/usr/bin/java -XX:MaxRAMPercentage=75 -XX:+AutoCreateSharedArchive"
					+ " -XX:SharedArchiveFile=/var/lib/web-server/web-server.jsa -Dspring.aot.enabled=true"
					+ " -jar /opt/web-server/extracted/web-server.jar")
			.endsWith("systemctl enable --now web-server.service");
	}

	@Test
	void theRoleMayReadTheJarAndNothingElseOfTheAssetsBucket() {
		Map<?, ?> policy = (Map<?, ?>) this.template
			.findResources("AWS::IAM::Policy",
					Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", logicalId(this.webServer.role()))))))
			.values()
			.iterator()
			.next()
			.get("Properties");
		List<?> statements = (List<?>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement");
		assertThat(statements).singleElement().satisfies((statement) -> {
			Map<?, ?> allow = (Map<?, ?>) statement;
			assertThat(allow.get("Action")).isEqualTo("s3:GetObject");
			assertThat(text(allow.get("Resource"))).matches("arn:\\$\\{AWS::Partition}:s3:::[^*]+/[0-9a-f]{64}\\.jar");
		});
	}

	@Test
	void theEnvironmentIsListedSortedSoThatItsOrderNeverReplacesTheInstance() throws IOException {
		Map<String, String> ascending = new LinkedHashMap<>();
		ascending.put("A_FIRST", "1");
		ascending.put("B_SECOND", "2");
		Map<String, String> descending = new LinkedHashMap<>();
		descending.put("B_SECOND", "2");
		descending.put("A_FIRST", "1");

		String userData = userData(Template.fromStack(Stack.of(webServer(descending))));

		assertThat(userData)
			.contains("Environment=SERVER_PORT=8080\nEnvironment=\"A_FIRST=1\"\nEnvironment=\"B_SECOND=2\"\n");
		assertThat(userData).isEqualTo(userData(Template.fromStack(Stack.of(webServer(ascending)))));
	}

	private static WebServerInstance webServer(Map<String, String> environment) throws IOException {
		Stack stack = new Stack(new App(), "Test");
		Path jar = Files.writeString(Files.createTempFile("web-server", ".jar"), "jar");
		return new WebServerInstance(stack, "WebServer",
				new WebServerInstance.Props(new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc(),
						Asset.Builder.create(stack, "Jar").path(jar.toString()).build(), PREFIX_LIST, environment));
	}

	private String userData() {
		return userData(this.template);
	}

	private static String userData(Template template) {
		Map<?, ?> instance = (Map<?, ?>) template.findResources("AWS::EC2::Instance")
			.values()
			.iterator()
			.next()
			.get("Properties");
		return text(((Map<?, ?>) instance.get("UserData")).get("Fn::Base64"));
	}

}
