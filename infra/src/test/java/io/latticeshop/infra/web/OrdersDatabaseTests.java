package io.latticeshop.infra.web;

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
import software.amazon.awscdk.services.ec2.SecurityGroup;

import static io.latticeshop.infra.CfnRefs.getAtt;
import static io.latticeshop.infra.CfnRefs.ingressRules;
import static io.latticeshop.infra.CfnRefs.ref;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersDatabaseTests {

	private OrdersDatabase database;

	private SecurityGroup webTier;

	private IVpc vpc;

	private Template template;

	@BeforeAll
	void synthesize() {
		Stack stack = new Stack(new App(), "Test");
		this.vpc = new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc();
		this.webTier = SecurityGroup.Builder.create(stack, "WebTier").vpc(this.vpc).build();
		this.database = new OrdersDatabase(stack, "OrdersDatabase", new OrdersDatabase.Props(this.vpc, true));
		this.database.allowFrom(this.webTier);
		this.template = Template.fromStack(stack);
	}

	@Test
	void postgresqlEncryptedMultiAzWithAWeekOfBackupsAndDeletionProtection() {
		this.template.hasResourceProperties("AWS::RDS::DBInstance",
				Map.of("Engine", "postgres", "StorageEncrypted", true, "MultiAZ", true, "BackupRetentionPeriod", 7,
						"DeletionProtection", true, "PubliclyAccessible", false, "DBName", "shop"));
	}

	@Test
	void theEngineVersionIsAFullPostgresql17MinorVersionNotTheBareMajorThatRdsListsAsDeprecated() {
		Object version = ((Map<?, ?>) this.template.findResources("AWS::RDS::DBInstance")
			.values()
			.iterator()
			.next()
			.get("Properties")).get("EngineVersion");

		assertThat(version).asString().matches("17\\.\\d+");
	}

	@Test
	void deletionProtectionIsTheCallersChoice() {
		Stack stack = new Stack(new App(), "Disposable");
		new OrdersDatabase(stack, "OrdersDatabase",
				new OrdersDatabase.Props(new ShopVpc(stack, "Vpc", new ShopVpc.Props(true)).vpc(), false));

		Template.fromStack(stack).hasResourceProperties("AWS::RDS::DBInstance", Map.of("DeletionProtection", false));
	}

	@Test
	void itSitsInThePrivateSubnetsOfTheVpc() {
		List<Object> privateSubnets = this.vpc.getPrivateSubnets()
			.stream()
			.map((subnet) -> (Object) ref(subnet.getNode().getDefaultChild()))
			.toList();
		this.template.hasResourceProperties("AWS::RDS::DBSubnetGroup",
				Map.of("SubnetIds", Match.arrayEquals(privateSubnets)));
	}

	@Test
	void onlyTheWebTierReachesItsPortAndItReachesNothing() {
		assertThat(ingressRules(this.template, this.database.securityGroup()))
			.containsExactly(Map.of("IpProtocol", "tcp", "FromPort", 5432, "ToPort", 5432, "SourceSecurityGroupId",
					getAtt(this.webTier, "GroupId"), "Description", "Web tier to PostgreSQL"));
		this.template.hasResourceProperties("AWS::EC2::SecurityGroup",
				Map.of("GroupDescription", "Lattice Shop orders database: PostgreSQL from the web tier only",
						"SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
	}

	@Test
	void itsCredentialsAreGeneratedIntoSecretsManager() {
		this.template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString", Match
			.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"shop\"}", "GenerateStringKey", "password"))));
		this.template.resourceCountIs("AWS::SecretsManager::SecretTargetAttachment", 1);
	}

}
