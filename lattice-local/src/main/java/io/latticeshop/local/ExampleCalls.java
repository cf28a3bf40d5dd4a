package io.latticeshop.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.latticeshop.local.binding.Binding.Example;
import io.latticeshop.local.binding.Binding.ServiceBinding;
import io.latticeshop.local.template.Topology.Service;
import tools.jackson.databind.JsonNode;

/**
 * The calls to show for a service, in the banner and the console's access matrix: the
 * binding's examples, or else a probe for each method on each path its auth policy names.
 */
final class ExampleCalls {

	private ExampleCalls() {
	}

	/**
	 * The binding's example calls for a service, or else probes: each method on each path
	 * the service's policy names in a Resource or a RequestPath condition.
	 */
	static List<Example> candidates(Service service, ServiceBinding serviceBinding) {
		List<Example> candidates = new ArrayList<>(serviceBinding.examples());
		if (!serviceBinding.examplesGiven()) {
			List<String> paths = new ArrayList<>();
			service.policy().ifPresent((policy) -> collectPaths(policy.path("Statement"), service.arn(), paths));
			if (paths.isEmpty()) {
				paths.add("/");
			}
			for (String path : paths) {
				for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
					candidates.add(new Example(method, path,
							method.equals("GET") || method.equals("DELETE") ? Optional.empty() : Optional.of("{}")));
				}
			}
		}
		return candidates;
	}

	private static void collectPaths(JsonNode statements, String serviceArn, List<String> paths) {
		for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
			for (JsonNode operator : statement.path("Condition")) {
				operator.properties().forEach((condition) -> {
					if (condition.getKey().equalsIgnoreCase("vpc-lattice-svcs:RequestPath")) {
						JsonNode values = condition.getValue();
						for (JsonNode value : values.isArray() ? values : List.of(values)) {
							addProbe(paths, value.asString(""));
						}
					}
				});
			}
			JsonNode resources = statement.path("Resource");
			for (JsonNode resource : resources.isArray() ? resources : List.of(resources)) {
				String text = resource.asString("");
				if (text.startsWith(serviceArn + "/")) {
					addProbe(paths, text.substring(serviceArn.length()));
				}
			}
		}
	}

	private static void addProbe(List<String> paths, String pattern) {
		String path = pattern.replace("*", "1").replace("?", "x");
		if (path.startsWith("/") && !paths.contains(path)) {
			paths.add(path);
		}
	}

}
