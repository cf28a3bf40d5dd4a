package io.latticeshop.infra.web;

import java.util.List;
import java.util.Objects;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The orders database: Amazon RDS for PostgreSQL in the web VPC's private subnets,
 * Multi-AZ, encrypted, with automated backups. Its master credentials are generated into
 * Secrets Manager; nothing but the web tier's security group reaches its port.
 */
public class OrdersDatabase extends Construct {

	public static final int PORT = 5432;

	public static final String DATABASE_NAME = "shop";

	public static final String USERNAME = "shop";

	// The password goes through a systemd environment file: no quotes, backslashes,
	// dollars, spaces or other characters that file or a JDBC URL would read specially.
	private static final String EXCLUDED_CHARACTERS = " \"'\\$`%&@/:;#?<>|{}[]()!*~^=+,";

	private final DatabaseInstance instance;

	private final SecurityGroup securityGroup;

	/**
	 * @param vpc the web tier's VPC; the database sits in its private subnets
	 * @param deletionProtection refuse to delete the database (CloudFormation and API
	 * alike) until this is turned off
	 */
	public record Props(IVpc vpc, boolean deletionProtection) {

		public Props {
			Objects.requireNonNull(vpc, "vpc");
		}

	}

	public OrdersDatabase(Construct scope, String id, Props props) {
		super(scope, id);
		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(props.vpc())
			.description("Lattice Shop orders database: PostgreSQL from the web tier only")
			.allowAllOutbound(false)
			.build();
		this.instance = DatabaseInstance.Builder.create(this, "Instance")
			// A full minor version: RDS lists a bare major ("17") among its deprecated
			// versions, so cfn-lint (W3691) warns that it cannot create an instance.
			// Minor upgrades after creation are RDS's (auto minor version upgrade).
			.engine(DatabaseInstanceEngine
				.postgres(PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_17_9).build()))
			.instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
			.vpc(props.vpc())
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
			.securityGroups(List.of(this.securityGroup))
			.port(PORT)
			.databaseName(DATABASE_NAME)
			.credentials(Credentials.fromGeneratedSecret(USERNAME,
					CredentialsBaseOptions.builder().excludeCharacters(EXCLUDED_CHARACTERS).build()))
			.storageEncrypted(true)
			.multiAz(true)
			.allocatedStorage(20)
			.maxAllocatedStorage(100)
			.backupRetention(Duration.days(7))
			.deletionProtection(props.deletionProtection())
			.publiclyAccessible(false)
			.cloudwatchLogsExports(List.of("postgresql"))
			.build();

		NagSuppressions.addResourceSuppressions(this.instance, List.of(NagPackSuppression.builder()
			.id("AwsSolutions-RDS11")
			.reason("The default port: only the web tier's security group reaches it, so another port would hide "
					+ "nothing")
			.build()));
		// The generated secret itself; getSecret() answers its attachment to the
		// instance.
		NagSuppressions.addResourceSuppressions(this.instance.getNode().findChild("Secret"),
				List.of(NagPackSuppression.builder()
					.id("AwsSolutions-SMG4")
					.reason("The web server reads the password when it starts; rotating it under running instances "
							+ "would break their connections until they restart")
					.build()));
	}

	/**
	 * Admits {@code webTier} to the database's port, and nothing else.
	 * @param webTier the web servers' security group
	 */
	public void allowFrom(SecurityGroup webTier) {
		this.securityGroup.addIngressRule(Peer.securityGroupId(webTier.getSecurityGroupId()), Port.tcp(PORT),
				"Web tier to PostgreSQL");
	}

	/**
	 * @return the JDBC URL of the database, TLS required
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.instance.getDbInstanceEndpointAddress() + ":" + PORT + "/" + DATABASE_NAME
				+ "?sslmode=require";
	}

	public ISecret secret() {
		return this.instance.getSecret();
	}

	public DatabaseInstance instance() {
		return this.instance;
	}

	public SecurityGroup securityGroup() {
		return this.securityGroup;
	}

}
