package io.latticeshop.e2e;

import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A caller that signs its calls, with the local credentials {@code e2e-shop.yaml} binds
 * to a role and a VPC of the template: the two workloads that call through Lattice, and
 * principals the policies must refuse.
 */
enum Workload {

	WEB_SERVER("web-server"), ERP_SERVICE("erp-service"),
	/** The order processor's own role: no grant on any service. */
	ORDER_PROCESSOR("order-processor"),
	/** The web server's role, calling from the ERP's VPC. */
	WEB_SERVER_IN_ERP_VPC("web-server-in-erp-vpc"),
	/** The ERP's role, calling from the web server's VPC. */
	ERP_SERVICE_IN_WEB_VPC("erp-service-in-web-vpc");

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

	String sessionName() {
		return this.name;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
