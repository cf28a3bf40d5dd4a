package io.latticeshop.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.latticeshop.local.StartupException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves CloudFormation intrinsic functions to the deterministic local values of
 * {@link LocalIds}. Anything it does not understand is an error rather than a guess: a
 * guessed ARN inside an auth policy would quietly change its meaning.
 */
final class Intrinsics {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

	private final JsonNode template;

	private final String region;

	private final String stackName;

	Intrinsics(JsonNode template, String region, String stackName) {
		this.template = template;
		this.region = region;
		this.stackName = stackName;
	}

	String region() {
		return this.region;
	}

	String stackName() {
		return this.stackName;
	}

	JsonNode resource(String logicalId) {
		JsonNode resource = this.template.path("Resources").get(logicalId);
		if (resource == null) {
			throw new StartupException("Template has no resource '" + logicalId + "'");
		}
		return resource;
	}

	String type(String logicalId) {
		return resource(logicalId).path("Type").asString("");
	}

	/** Resolves a value and requires a string result. */
	String string(JsonNode value, String where) {
		JsonNode resolved = resolve(value, where);
		if (resolved.isString() || resolved.isNumber() || resolved.isBoolean()) {
			return resolved.asString();
		}
		throw new StartupException(where + ": expected a string but got " + resolved);
	}

	JsonNode resolve(JsonNode value, String where) {
		if (value == null || value.isMissingNode()) {
			return MissingNode.getInstance();
		}
		if (value.isArray()) {
			ArrayNode out = NODES.arrayNode();
			for (JsonNode element : value) {
				JsonNode resolved = resolve(element, where);
				if (!resolved.isMissingNode()) {
					out.add(resolved);
				}
			}
			return out;
		}
		if (!value.isObject()) {
			return value;
		}
		if (value.size() == 1) {
			String key = value.propertyNames().iterator().next();
			if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
				return intrinsic(key, value.get(key), where);
			}
		}
		ObjectNode out = NODES.objectNode();
		for (Map.Entry<String, JsonNode> property : value.properties()) {
			JsonNode resolved = resolve(property.getValue(), where + "." + property.getKey());
			if (!resolved.isMissingNode()) {
				out.set(property.getKey(), resolved);
			}
		}
		return out;
	}

	private JsonNode intrinsic(String function, JsonNode args, String where) {
		return switch (function) {
			case "Ref" -> ref(args.asString(), where);
			case "Fn::GetAtt" -> getAtt(args, where);
			case "Fn::Join" -> join(args, where);
			case "Fn::Sub" -> sub(args, where);
			case "Fn::Select" -> select(args, where);
			case "Fn::Split" -> split(args, where);
			case "Fn::GetAZs" -> NODES.arrayNode().add(this.region + "a").add(this.region + "b").add(this.region + "c");
			case "Fn::Base64" -> NODES
				.stringNode(Base64.getEncoder().encodeToString(string(args, where).getBytes(StandardCharsets.UTF_8)));
			case "Fn::FindInMap" -> findInMap(args, where);
			case "Fn::If" -> args.size() == 3 && condition(args.get(0).asString(), where) ? resolve(args.get(1), where)
					: resolve(args.get(2), where);
			case "Fn::Length" -> NODES.numberNode(resolve(args, where).size());
			case "Fn::ToJsonString" -> NODES.stringNode(JsonMapper.shared().writeValueAsString(resolve(args, where)));
			case "Condition" -> NODES.booleanNode(condition(args.asString(), where));
			default -> throw new StartupException(where + ": intrinsic function " + function
					+ " is not supported locally (it has no deterministic local value)");
		};
	}

	private JsonNode ref(String name, String where) {
		switch (name) {
			case "AWS::AccountId":
				return NODES.stringNode(LocalIds.ACCOUNT);
			case "AWS::Region":
				return NODES.stringNode(this.region);
			case "AWS::Partition":
				return NODES.stringNode("aws");
			case "AWS::URLSuffix":
				return NODES.stringNode("amazonaws.com");
			case "AWS::StackName":
				return NODES.stringNode(this.stackName);
			case "AWS::StackId":
				return NODES.stringNode("arn:aws:cloudformation:" + this.region + ":" + LocalIds.ACCOUNT + ":stack/"
						+ this.stackName + "/" + LocalIds.hex("stack:" + this.stackName).substring(0, 32));
			case "AWS::NoValue":
				return MissingNode.getInstance();
			case "AWS::NotificationARNs":
				return NODES.arrayNode();
			default:
				break;
		}
		JsonNode parameter = this.template.path("Parameters").get(name);
		if (parameter != null) {
			JsonNode fallback = parameter.get("Default");
			if (fallback == null) {
				throw new StartupException(where + ": parameter '" + name + "' has no Default to use locally");
			}
			return fallback;
		}
		return NODES.stringNode(physicalRef(name, where));
	}

	/** The value {@code Ref} returns for a resource, per resource type. */
	String physicalRef(String logicalId, String where) {
		if (this.template.path("Resources").get(logicalId) == null) {
			throw new StartupException(where + ": Ref to unknown resource or parameter '" + logicalId + "'");
		}
		String type = type(logicalId);
		return switch (type) {
			case "AWS::EC2::VPC" -> "vpc-" + LocalIds.hex17("vpc", logicalId);
			case "AWS::IAM::Role" -> roleName(logicalId);
			case "AWS::IAM::ManagedPolicy" -> managedPolicyArn(logicalId);
			case "AWS::Lambda::Function" -> functionName(logicalId);
			case "AWS::VpcLattice::Service", "AWS::VpcLattice::ServiceNetwork", "AWS::VpcLattice::TargetGroup",
					"AWS::VpcLattice::Listener", "AWS::VpcLattice::Rule",
					"AWS::VpcLattice::ServiceNetworkServiceAssociation",
					"AWS::VpcLattice::ServiceNetworkVpcAssociation", "AWS::VpcLattice::AccessLogSubscription" ->
				latticeArn(logicalId);
			case "AWS::EC2::SecurityGroup" -> "sg-" + LocalIds.hex17("sg", logicalId);
			case "AWS::EC2::Subnet" -> "subnet-" + LocalIds.hex17("subnet", logicalId);
			default -> logicalId + "-" + LocalIds.hex17(type, logicalId).substring(0, 12);
		};
	}

	private JsonNode getAtt(JsonNode args, String where) {
		String logicalId;
		String attribute;
		if (args.isString()) {
			int dot = args.asString().indexOf('.');
			logicalId = args.asString().substring(0, dot);
			attribute = args.asString().substring(dot + 1);
		}
		else {
			logicalId = args.get(0).asString();
			attribute = string(args.get(1), where);
		}
		return attribute(logicalId, attribute, where);
	}

	JsonNode attribute(String logicalId, String attribute, String where) {
		String type = type(logicalId);
		JsonNode properties = resource(logicalId).path("Properties");
		String value = switch (type + "#" + attribute) {
			case "AWS::EC2::VPC#VpcId" -> physicalRef(logicalId, where);
			case "AWS::EC2::VPC#CidrBlock" -> string(properties.path("CidrBlock"), where);
			case "AWS::EC2::VPC#DefaultSecurityGroup" -> "sg-" + LocalIds.hex17("default-sg", logicalId);
			case "AWS::EC2::VPC#DefaultNetworkAcl" -> "acl-" + LocalIds.hex17("acl", logicalId);
			case "AWS::IAM::Role#Arn" -> roleArn(logicalId);
			case "AWS::IAM::Role#RoleId" -> "AROA" + LocalIds.hex17("role-id", logicalId).toUpperCase();
			case "AWS::Lambda::Function#Arn" ->
				"arn:aws:lambda:" + this.region + ":" + LocalIds.ACCOUNT + ":function:" + functionName(logicalId);
			case "AWS::EC2::SecurityGroup#GroupId" -> physicalRef(logicalId, where);
			default -> latticeAttribute(logicalId, type, attribute, properties, where);
		};
		return NODES.stringNode(value);
	}

	private String latticeAttribute(String logicalId, String type, String attribute, JsonNode properties,
			String where) {
		if (!type.startsWith("AWS::VpcLattice::")) {
			throw new StartupException(
					where + ": Fn::GetAtt " + logicalId + "." + attribute + " on " + type + " has no local value");
		}
		return switch (attribute) {
			case "Arn" -> latticeArn(logicalId);
			case "Id" -> latticeId(logicalId);
			case "DnsEntry.DomainName" -> serviceDomainName(logicalId, where);
			case "DnsEntry.HostedZoneId" -> "Z" + LocalIds.hex17("zone", logicalId).toUpperCase();
			case "Status" -> "ACTIVE";
			case "State" -> "Active";
			case "CreatedAt", "LastUpdatedAt" -> "1970-01-01T00:00:00Z";
			case "ServiceArn", "ServiceId", "ServiceNetworkArn", "ServiceNetworkId", "VpcId", "ResourceArn",
					"ResourceId" ->
				referencedAttribute(properties, attribute, where);
			default -> throw new StartupException(
					where + ": Fn::GetAtt " + logicalId + "." + attribute + " on " + type + " has no local value");
		};
	}

	/** Attributes of associations and listeners that echo one of their identifiers. */
	private String referencedAttribute(JsonNode properties, String attribute, String where) {
		String property = switch (attribute) {
			case "ServiceArn", "ServiceId" -> "ServiceIdentifier";
			case "ServiceNetworkArn", "ServiceNetworkId" -> "ServiceNetworkIdentifier";
			case "VpcId" -> "VpcIdentifier";
			default -> "ResourceIdentifier";
		};
		String identifier = string(properties.path(property), where);
		boolean wantsArn = attribute.endsWith("Arn");
		if (wantsArn == identifier.startsWith("arn:")) {
			return identifier;
		}
		// Convert between id and ARN: Lattice ARNs end in "/<id>".
		return wantsArn ? identifier : identifier.substring(identifier.lastIndexOf('/') + 1);
	}

	String latticeId(String logicalId) {
		String prefix = switch (type(logicalId)) {
			case "AWS::VpcLattice::Service" -> "svc-";
			case "AWS::VpcLattice::ServiceNetwork" -> "sn-";
			case "AWS::VpcLattice::TargetGroup" -> "tg-";
			case "AWS::VpcLattice::Listener" -> "listener-";
			case "AWS::VpcLattice::Rule" -> "rule-";
			case "AWS::VpcLattice::ServiceNetworkServiceAssociation" -> "snsa-";
			case "AWS::VpcLattice::ServiceNetworkVpcAssociation" -> "snva-";
			case "AWS::VpcLattice::AccessLogSubscription" -> "als-";
			default -> "";
		};
		return prefix + LocalIds.hex17(type(logicalId), logicalId);
	}

	String latticeArn(String logicalId) {
		String base = "arn:aws:vpc-lattice:" + this.region + ":" + LocalIds.ACCOUNT + ":";
		String id = latticeId(logicalId);
		JsonNode properties = resource(logicalId).path("Properties");
		return switch (type(logicalId)) {
			case "AWS::VpcLattice::Service" -> base + "service/" + id;
			case "AWS::VpcLattice::ServiceNetwork" -> base + "servicenetwork/" + id;
			case "AWS::VpcLattice::TargetGroup" -> base + "targetgroup/" + id;
			case "AWS::VpcLattice::ServiceNetworkServiceAssociation" -> base + "servicenetworkserviceassociation/" + id;
			case "AWS::VpcLattice::ServiceNetworkVpcAssociation" -> base + "servicenetworkvpcassociation/" + id;
			case "AWS::VpcLattice::AccessLogSubscription" -> base + "accesslogsubscription/" + id;
			case "AWS::VpcLattice::Listener" -> serviceArnOf(properties, logicalId) + "/listener/" + id;
			case "AWS::VpcLattice::Rule" -> {
				String listener = string(properties.path("ListenerIdentifier"), logicalId + ".ListenerIdentifier");
				yield (listener.startsWith("arn:") ? listener
						: serviceArnOf(properties, logicalId) + "/listener/" + listener) + "/rule/" + id;
			}
			default -> base + id;
		};
	}

	private String serviceArnOf(JsonNode properties, String logicalId) {
		String service = string(properties.path("ServiceIdentifier"), logicalId + ".ServiceIdentifier");
		return service.startsWith("arn:") ? service
				: "arn:aws:vpc-lattice:" + this.region + ":" + LocalIds.ACCOUNT + ":service/" + service;
	}

	String serviceName(String logicalId) {
		JsonNode name = resource(logicalId).path("Properties").path("Name");
		return name.isMissingNode() ? LocalIds.latticeName(logicalId) : string(name, logicalId + ".Name");
	}

	String serviceDomainName(String logicalId, String where) {
		// Shape of the generated name: <name>-<id without svc->.<7
		// hex>.vpc-lattice-svcs.<region>.on.aws
		String id = latticeId(logicalId).substring("svc-".length());
		return serviceName(logicalId) + "-" + id + "." + LocalIds.hex("partition:" + this.stackName).substring(0, 7)
				+ ".vpc-lattice-svcs." + this.region + ".on.aws";
	}

	String roleName(String logicalId) {
		JsonNode name = resource(logicalId).path("Properties").path("RoleName");
		return name.isMissingNode() ? logicalId : string(name, logicalId + ".RoleName");
	}

	String roleArn(String logicalId) {
		JsonNode path = resource(logicalId).path("Properties").path("Path");
		String rolePath = path.isMissingNode() ? "/" : string(path, logicalId + ".Path");
		return "arn:aws:iam::" + LocalIds.ACCOUNT + ":role" + rolePath + roleName(logicalId);
	}

	/**
	 * What {@code Ref} returns for a customer managed policy: its ARN, with the name
	 * CloudFormation makes up when the template gives none.
	 */
	String managedPolicyArn(String logicalId) {
		JsonNode properties = resource(logicalId).path("Properties");
		JsonNode name = properties.path("ManagedPolicyName");
		String policyName = name.isMissingNode()
				? this.stackName + "-" + logicalId + "-" + LocalIds.hex("policy:" + logicalId).substring(0, 12)
				: string(name, logicalId + ".ManagedPolicyName");
		JsonNode path = properties.path("Path");
		return "arn:aws:iam::" + LocalIds.ACCOUNT + ":policy"
				+ (path.isMissingNode() ? "/" : string(path, logicalId + ".Path")) + policyName;
	}

	String functionName(String logicalId) {
		JsonNode name = resource(logicalId).path("Properties").path("FunctionName");
		return name.isMissingNode() ? this.stackName + "-" + logicalId : string(name, logicalId + ".FunctionName");
	}

	private JsonNode join(JsonNode args, String where) {
		String delimiter = args.get(0).asString();
		List<String> parts = new ArrayList<>();
		for (JsonNode part : resolve(args.get(1), where)) {
			parts.add(part.asString());
		}
		return NODES.stringNode(String.join(delimiter, parts));
	}

	private JsonNode sub(JsonNode args, String where) {
		String text;
		JsonNode variables;
		if (args.isArray()) {
			text = args.get(0).asString();
			variables = args.get(1);
		}
		else {
			text = args.asString();
			variables = NODES.objectNode();
		}
		Matcher matcher = SUB_VARIABLE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String replacement;
			if (name.startsWith("!")) {
				replacement = "${" + name.substring(1) + "}";
			}
			else if (variables.has(name)) {
				replacement = string(variables.get(name), where);
			}
			else if (name.contains(".") && !name.startsWith("AWS::")) {
				int dot = name.indexOf('.');
				replacement = attribute(name.substring(0, dot), name.substring(dot + 1), where).asString();
			}
			else {
				replacement = ref(name, where).asString();
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return NODES.stringNode(out.toString());
	}

	private JsonNode select(JsonNode args, String where) {
		int index = Integer.parseInt(string(args.get(0), where));
		JsonNode list = resolve(args.get(1), where);
		if (index < 0 || index >= list.size()) {
			throw new StartupException(where + ": Fn::Select index " + index + " out of range for " + list);
		}
		return list.get(index);
	}

	private JsonNode split(JsonNode args, String where) {
		String delimiter = args.get(0).asString();
		ArrayNode out = NODES.arrayNode();
		for (String part : string(args.get(1), where).split(Pattern.quote(delimiter), -1)) {
			out.add(part);
		}
		return out;
	}

	private JsonNode findInMap(JsonNode args, String where) {
		JsonNode value = this.template.path("Mappings")
			.path(string(args.get(0), where))
			.path(string(args.get(1), where))
			.path(string(args.get(2), where));
		if (value.isMissingNode()) {
			throw new StartupException(where + ": Fn::FindInMap found nothing for " + args);
		}
		return value;
	}

	boolean condition(String name, String where) {
		JsonNode condition = this.template.path("Conditions").get(name);
		if (condition == null) {
			throw new StartupException(where + ": unknown condition '" + name + "'");
		}
		return evaluateCondition(condition, where);
	}

	private boolean evaluateCondition(JsonNode condition, String where) {
		String function = condition.propertyNames().iterator().next();
		JsonNode args = condition.get(function);
		return switch (function) {
			case "Fn::Equals" -> resolve(args.get(0), where).asString().equals(resolve(args.get(1), where).asString());
			case "Fn::Not" -> !evaluateCondition(args.get(0), where);
			case "Fn::And" -> {
				boolean all = true;
				for (JsonNode arg : args) {
					all &= evaluateCondition(arg, where);
				}
				yield all;
			}
			case "Fn::Or" -> {
				boolean any = false;
				for (JsonNode arg : args) {
					any |= evaluateCondition(arg, where);
				}
				yield any;
			}
			case "Condition" -> condition(args.asString(), where);
			default -> throw new StartupException(where + ": condition function " + function + " is not supported");
		};
	}

}
