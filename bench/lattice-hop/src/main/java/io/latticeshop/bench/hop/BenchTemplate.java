package io.latticeshop.bench.hop;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One IAM-auth service in one service network, as CDK would synthesize it: the caller's
 * role may GET /bench/* from its VPC; the network admits the account; the role's own
 * policy grants Invoke on the service, which Lattice requires as well.
 */
final class BenchTemplate {

	static final String JSON = """
			{"Resources": {
			  "CallerVpc1": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"},
			    "Metadata": {"aws:cdk:path": "Bench/Caller/Vpc/Resource"}},
			  "CallerRole1": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {},
			    "Policies": [{"PolicyName": "InvokeBench", "PolicyDocument": {"Statement": [{"Effect": "Allow",
			      "Action": "vpc-lattice-svcs:Invoke", "Resource": {"Fn::Sub": "${Service1.Arn}/*"}}]}}]},
			    "Metadata": {"aws:cdk:path": "Bench/Caller/Role/Resource"}},
			  "Network1": {"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {"Name": "bench", "AuthType": "AWS_IAM"},
			    "Metadata": {"aws:cdk:path": "Bench/Network"}},
			  "NetworkPolicy1": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
			    "ResourceIdentifier": {"Ref": "Network1"},
			    "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
			      "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"}},
			      "StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous"}}}]}}},
			  "VpcAssociation1": {"Type": "AWS::VpcLattice::ServiceNetworkVpcAssociation", "Properties": {
			    "ServiceNetworkIdentifier": {"Ref": "Network1"}, "VpcIdentifier": {"Ref": "CallerVpc1"}}},
			  "Service1": {"Type": "AWS::VpcLattice::Service", "Properties": {"Name": "bench", "AuthType": "AWS_IAM"},
			    "Metadata": {"aws:cdk:path": "Bench/Service"}},
			  "ServiceAssociation1": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {
			    "ServiceIdentifier": {"Ref": "Service1"}, "ServiceNetworkIdentifier": {"Ref": "Network1"}}},
			  "ServicePolicy1": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
			    "ResourceIdentifier": {"Ref": "Service1"},
			    "Policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["CallerRole1", "Arn"]}},
			      "Action": "vpc-lattice-svcs:Invoke", "Resource": {"Fn::Sub": "${Service1.Arn}/bench/*"},
			      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET",
			        "vpc-lattice-svcs:SourceVpc": {"Ref": "CallerVpc1"}}}}]}}},
			  "Targets1": {"Type": "AWS::VpcLattice::TargetGroup", "Properties": {"Type": "INSTANCE",
			    "Config": {"Port": 8080, "Protocol": "HTTP", "VpcIdentifier": {"Ref": "CallerVpc1"}}},
			    "Metadata": {"aws:cdk:path": "Bench/Targets"}},
			  "Listener1": {"Type": "AWS::VpcLattice::Listener", "Properties": {
			    "ServiceIdentifier": {"Ref": "Service1"}, "Protocol": "HTTPS", "Port": 443,
			    "DefaultAction": {"Forward": {"TargetGroups": [{"TargetGroupIdentifier": {"Ref": "Targets1"}}]}}}}
			}}
			""";

	/**
	 * The same service and network with auth type NONE and no auth policies: Lattice then
	 * checks no signature and evaluates no policy, and still routes, adds its headers and
	 * logs. Run with unsigned requests, it is lattice-local less its SigV4 and policy
	 * work.
	 */
	static String withoutAuth() {
		ObjectNode template = (ObjectNode) JsonMapper.shared().readTree(JSON);
		ObjectNode resources = (ObjectNode) template.get("Resources");
		resources.remove(List.of("NetworkPolicy1", "ServicePolicy1"));
		for (String name : List.of("Network1", "Service1")) {
			((ObjectNode) resources.get(name).get("Properties")).put("AuthType", "NONE");
		}
		return template.toString();
	}

	private BenchTemplate() {
	}

}
