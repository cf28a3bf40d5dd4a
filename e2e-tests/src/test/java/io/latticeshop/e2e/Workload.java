package io.latticeshop.e2e;

import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A workload that signs its calls, with the local credentials {@code e2e-shop.yaml} binds
 * to its role and VPC in the template.
 */
enum Workload {

	WEB_SERVER("web-server"), ERP_SERVICE("erp-service");

	private final String name;

	private String accessKeyId;

	private String secret;

	Workload(String name) {
		this.name = name;
	}

	static void load(Path binding) {
		JsonNode workloads = YAMLMapper.shared().readTree(binding.toFile()).required("workloads");
		for (Workload workload : values()) {
			JsonNode keys = workloads.required(workload.name);
			workload.accessKeyId = keys.required("accessKeyId").asString();
			workload.secret = keys.required("secretAccessKey").asString();
		}
	}

	String accessKeyId() {
		return this.accessKeyId;
	}

	String secret() {
		return this.secret;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
