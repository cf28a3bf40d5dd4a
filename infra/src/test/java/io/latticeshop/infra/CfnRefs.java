package io.latticeshop.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The intrinsic functions a template uses to point at a construct's resource, for
 * comparing whole policy documents and properties in tests.
 */
public final class CfnRefs {

	private CfnRefs() {
	}

	/**
	 * @param construct an L1 resource, or an L2 whose default child is one
	 * @return the resource's logical id in its stack
	 */
	public static String logicalId(IConstruct construct) {
		IConstruct element = construct;
		while (!(element instanceof CfnElement)) {
			element = element.getNode().getDefaultChild();
		}
		// Resolved, because some ids (an instance replaced on new user data, a function's
		// current version) carry a hash that is only known at synthesis.
		return (String) Stack.of(construct).resolve(((CfnElement) element).getLogicalId());
	}

	/**
	 * Renders an {@code Fn::Join} (or a plain string) as text, each intrinsic as
	 * {@code ${LogicalId}} or {@code ${LogicalId.Attribute}} ({@code Fn::Sub} as its
	 * template), so tests can read user data and the like as the instance will see it.
	 * @param value a string or an {@code Fn::Join}
	 * @return the text
	 */
	public static String text(Object value) {
		if (value instanceof String string) {
			return string;
		}
		Map<?, ?> intrinsic = (Map<?, ?>) value;
		if (intrinsic.containsKey("Fn::Join")) {
			List<?> join = (List<?>) intrinsic.get("Fn::Join");
			StringBuilder text = new StringBuilder();
			List<?> parts = (List<?>) join.get(1);
			for (int i = 0; i < parts.size(); i++) {
				text.append((i > 0) ? join.get(0) : "").append(text(parts.get(i)));
			}
			return text.toString();
		}
		if (intrinsic.containsKey("Ref")) {
			return "${" + intrinsic.get("Ref") + "}";
		}
		if (intrinsic.containsKey("Fn::Sub") && intrinsic.get("Fn::Sub") instanceof String template) {
			return template;
		}
		if (intrinsic.containsKey("Fn::GetAtt")) {
			List<?> getAtt = (List<?>) intrinsic.get("Fn::GetAtt");
			return "${" + getAtt.get(0) + "." + getAtt.get(1) + "}";
		}
		throw new IllegalArgumentException("no text form for " + intrinsic);
	}

	public static Map<String, Object> ref(IConstruct construct) {
		return Map.of("Ref", logicalId(construct));
	}

	public static Map<String, Object> getAtt(IConstruct construct, String attribute) {
		return Map.of("Fn::GetAtt", List.of(logicalId(construct), attribute));
	}

	public static Map<String, Object> join(Object... parts) {
		return Map.of("Fn::Join", List.of("", List.of(parts)));
	}

	/**
	 * Every ingress rule of a security group, whether CDK wrote it inline or, as for
	 * prefix lists and other groups, as a separate resource.
	 * @param template the synthesized template
	 * @param securityGroup the group
	 * @return the rules, without their {@code GroupId}
	 */
	public static List<Map<?, ?>> ingressRules(Template template, IConstruct securityGroup) {
		List<Map<?, ?>> rules = new ArrayList<>();
		Map<?, ?> group = (Map<?, ?>) template.findResources("AWS::EC2::SecurityGroup")
			.get(logicalId(securityGroup))
			.get("Properties");
		Object inline = group.get("SecurityGroupIngress");
		if (inline != null) {
			((List<?>) inline).forEach((rule) -> rules.add((Map<?, ?>) rule));
		}
		template
			.findResources("AWS::EC2::SecurityGroupIngress",
					Map.of("Properties", Map.of("GroupId", getAtt(securityGroup, "GroupId"))))
			.values()
			.forEach((resource) -> {
				Map<Object, Object> rule = new LinkedHashMap<>((Map<?, ?>) resource.get("Properties"));
				rule.remove("GroupId");
				rules.add(rule);
			});
		return rules;
	}

}
