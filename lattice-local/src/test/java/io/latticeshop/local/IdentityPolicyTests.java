package io.latticeshop.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.binding.BindingReader;
import io.latticeshop.local.policy.PolicySet;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.TopologyReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Identity-based policies, on a template of their own: one service network and two
 * services whose auth policies let every role of the account in, so that what each role's
 * own policies say decides. Each role attaches its policies in another of the ways a
 * template can.
 */
class IdentityPolicyTests {

	private static final String TEMPLATE = """
			{
			  "Resources": {
			    "ClientVpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
			    "Network": {"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {"AuthType": "AWS_IAM", "Name": "net"}},
			    "NetworkPolicy": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"ResourceIdentifier": {"Ref": "Network"},
			      "Policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Ref": "AWS::AccountId"}}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}}},
			    "VpcAssociation": {"Type": "AWS::VpcLattice::ServiceNetworkVpcAssociation", "Properties": {"ServiceNetworkIdentifier": {"Ref": "Network"}, "VpcIdentifier": {"Ref": "ClientVpc"}}},
			    "Shop": {"Type": "AWS::VpcLattice::Service", "Properties": {"AuthType": "AWS_IAM", "Name": "shop"}},
			    "ShopPolicy": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"ResourceIdentifier": {"Ref": "Shop"},
			      "Policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Ref": "AWS::AccountId"}}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}}},
			    "ShopAssociation": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": {"Ref": "Shop"}, "ServiceNetworkIdentifier": {"Ref": "Network"}}},
			    "Other": {"Type": "AWS::VpcLattice::Service", "Properties": {"AuthType": "AWS_IAM", "Name": "other"}},
			    "OtherPolicy": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"ResourceIdentifier": {"Ref": "Other"},
			      "Policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Ref": "AWS::AccountId"}}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}}},
			    "OtherAssociation": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": {"Ref": "Other"}, "ServiceNetworkIdentifier": {"Ref": "Network"}}},
			    "Bucket": {"Type": "AWS::S3::Bucket"},

			    "GrantedRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
			    "GrantedRoleDefaultPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "GrantedRoleDefaultPolicy", "Roles": [{"Ref": "GrantedRole"}],
			      "PolicyDocument": {"Statement": [
			        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["Bucket", "Arn"]}, "/*"]]}},
			        {"Effect": "Allow", "Action": "vpc-lattice-svcs:Invoke", "Resource": [{"Fn::GetAtt": ["Shop", "Arn"]}, {"Fn::Join": ["", [{"Fn::GetAtt": ["Shop", "Arn"]}, "/*"]]}]}]}}},

			    "BareRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},

			    "OtherOnlyRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {},
			      "Policies": [{"PolicyName": "CallsOther", "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "vpc-lattice-svcs:Invoke", "Resource": {"Fn::Sub": "${Other.Arn}/*"}}}}]}},

			    "PathRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "ManagedPolicyArns": [{"Ref": "ReadApi"}]}},
			    "ReadApi": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
			      "PolicyDocument": {"Statement": [{"Sid": "GetApi", "Effect": "Allow", "Action": "vpc-lattice-svcs:*", "Resource": {"Fn::Sub": "${Shop.Arn}/api/*"},
			        "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}]}}},

			    "DenyingRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "denying", "AssumeRolePolicyDocument": {},
			      "ManagedPolicyArns": [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/VPCLatticeServicesInvokeAccess"]]}]}},
			    "NoAdmin": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"ManagedPolicyName": "no-admin", "Roles": ["denying"],
			      "PolicyDocument": {"Statement": [{"Sid": "NoAdmin", "Effect": "Deny", "Action": "vpc-lattice-svcs:Invoke", "Resource": {"Fn::Sub": "${Shop.Arn}/admin/*"}}]}}},

			    "UnknownRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {},
			      "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::123456789012:policy/elsewhere"],
			      "PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary"}}
			  }
			}
			""";

	@TempDir
	Path dir;

	private AccessCheck check;

	private PolicySet policies;

	@BeforeEach
	void readTemplate() throws IOException {
		Path template = this.dir.resolve("Identity.template.json");
		Files.writeString(template, TEMPLATE);
		StringBuilder workloads = new StringBuilder("template: " + template
				+ "\nservices:\n  shop: { listen: 127.0.0.1:0 }\n  other: { listen: 127.0.0.1:0 }\nworkloads:\n");
		for (String role : new String[] { "GrantedRole", "BareRole", "OtherOnlyRole", "PathRole", "denying",
				"UnknownRole" }) {
			workloads.append("  ")
				.append(role)
				.append(": { accessKeyId: AKIA")
				.append(role.toUpperCase())
				.append(", secretAccessKey: s, role: ")
				.append(role)
				.append(", vpc: ClientVpc }\n");
		}
		Path binding = this.dir.resolve("binding.yaml");
		Files.writeString(binding, workloads);
		Topology topology = TopologyReader.read(template, "us-east-1");
		this.policies = PolicySet.compile(topology);
		this.check = new AccessCheck(BindingReader.read(binding), topology, this.policies);
	}

	@Test
	void aRoleGrantedInvokeOnTheServiceIsAllowedAndStatementsAboutOtherServicesAreLeftOut() {
		AccessCheck.Result result = check("GrantedRole", "POST", "shop", "/anything");
		assertThat(result.allowed()).as(result.reason()).isTrue();
		// Statement[0] (s3 on a bucket with no local ARN) neither counts nor fails.
		assertThat(result.statements()).isEqualTo("network: allowed by Statement[0]; service: allowed by Statement[0]; "
				+ "identity: allowed by GrantedRoleDefaultPolicy Statement[1]");
	}

	@Test
	void aRoleWithNoPoliciesIsDeniedThoughBothAuthPoliciesAllow() {
		AccessCheck.Result result = check("BareRole", "GET", "shop", "/");
		assertThat(result.allowed()).isFalse();
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.reason()).isEqualTo("AccessDeniedException: User: "
				+ "arn:aws:sts::000000000000:assumed-role/BareRole/BareRole is not authorized to perform: "
				+ "vpc-lattice-svcs:Invoke on resource: " + result.resource()
				+ " because no identity-based policy allows the vpc-lattice-svcs:Invoke action");
		assertThat(result.statements()).endsWith("identity: no statement allows");
	}

	@Test
	void aGrantOnAnotherServiceDoesNotReachThisOne() {
		assertThat(check("OtherOnlyRole", "GET", "shop", "/x").reason())
			.endsWith("because no identity-based policy allows the vpc-lattice-svcs:Invoke action");
		AccessCheck.Result other = check("OtherOnlyRole", "GET", "other", "/x");
		assertThat(other.allowed()).isTrue();
		assertThat(other.statements()).endsWith("identity: allowed by CallsOther Statement[0]");
	}

	@Test
	void aManagedPolicyOfTheTemplateScopesPathAndMethod() {
		assertThat(check("PathRole", "GET", "shop", "/api/orders").allowed()).isTrue();
		// Named as CloudFormation names a managed policy without ManagedPolicyName.
		assertThat(check("PathRole", "GET", "shop", "/api/orders").statements())
			.containsPattern("identity: allowed by Identity-ReadApi-[0-9a-f]{12} Statement\\[0\\] \\(GetApi\\)$");
		assertThat(check("PathRole", "POST", "shop", "/api/orders").allowed()).isFalse();
		assertThat(check("PathRole", "GET", "shop", "/admin/users").allowed()).isFalse();
		assertThat(check("PathRole", "GET", "other", "/api/orders").allowed()).isFalse();
	}

	@Test
	void anAwsManagedGrantIsKnownByNameAndAnIdentityDenyWins() {
		assertThat(check("denying", "DELETE", "other", "/admin/x").allowed()).isTrue();
		assertThat(check("denying", "DELETE", "other", "/admin/x").statements())
			.endsWith("identity: allowed by VPCLatticeServicesInvokeAccess Statement[0]");
		AccessCheck.Result denied = check("denying", "GET", "shop", "/admin/x");
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.reason()).endsWith("with an explicit deny in an identity-based policy");
		assertThat(denied.statements()).endsWith("identity: denied by no-admin Statement[0] (NoAdmin)");
	}

	@Test
	void whatCannotBeEvaluatedIsNamedAndGrantsNothing() {
		assertThat(check("UnknownRole", "GET", "shop", "/").allowed()).isFalse();
		assertThat(this.policies.notEvaluated()).containsExactly(
				"AWS managed policy AmazonS3ReadOnlyAccess of role UnknownRole",
				"policy arn:aws:iam::123456789012:policy/elsewhere of role UnknownRole (not in the template)",
				"permissions boundary arn:aws:iam::123456789012:policy/boundary of role UnknownRole");
	}

	@Test
	void anInvokeStatementWithNoLocalValueFailsTheStartInsteadOfBeingGuessed() throws IOException {
		Path template = this.dir.resolve("Broken.template.json");
		Files.writeString(template, TEMPLATE.replace("\"Resource\": {\"Fn::Sub\": \"${Other.Arn}/*\"}",
				"\"Resource\": {\"Fn::GetAtt\": [\"Bucket\", \"Arn\"]}"));
		Topology topology = TopologyReader.read(template, "us-east-1");
		assertThatThrownBy(() -> PolicySet.compile(topology)).isInstanceOf(StartupException.class)
			.hasMessageContaining("OtherOnlyRole policy CallsOther Statement[0] could apply to vpc-lattice-svcs:Invoke")
			.hasMessageContaining("Bucket.Arn");
	}

	private AccessCheck.Result check(String as, String method, String service, String path) {
		return this.check.check(as, Optional.empty(), method, service, path, Map.of());
	}

}
