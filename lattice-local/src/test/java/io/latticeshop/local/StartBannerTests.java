package io.latticeshop.local;

import java.nio.file.Path;
import java.util.List;

import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the start-up banner offers to paste: the binding's examples for each workload
 * the policies allow, and the examples the binding expects refused, each with the reason
 * Lattice would give.
 */
class StartBannerTests {

	@TempDir
	Path dir;

	LatticeLocal local;

	@AfterEach
	void stop() {
		if (this.local != null) {
			this.local.close();
		}
	}

	private List<String> banner(String services) throws Exception {
		return banner(TestBindings.TEMPLATE, services);
	}

	private List<String> banner(Path template, String services) throws Exception {
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(TestBindings.write(this.dir, template, services)));
		return this.local.banner();
	}

	@Test
	void anExampleExpectedToBeDeniedIsShownDeniedWithLatticesReason() throws Exception {
		List<String> banner = banner("""
				anonymousVpc: WebVpc1A2B3C4D
				services:
				  erp-service:
				    listen: 127.0.0.1:0
				    examples: ["GET /api/customers/C-1001 => 200", "DELETE /api/customers/C-1001 => 403"]
				""");
		assertThat(banner).contains("  # web-server -> erp-service, expect 200");
		List<String> denied = banner.stream().filter((line) -> line.contains("DENIED")).toList();
		assertThat(denied).singleElement()
			.asString()
			.startsWith("  # web-server -> erp-service, DENIED: expect 403, because no ");
		String curl = banner.get(banner.indexOf(denied.get(0)) + 1);
		assertThat(curl).contains("-X DELETE").contains("/api/customers/C-1001'");
	}

	@Test
	void withoutExamplesExpectedDeniedTheFirstCallSomeWorkloadMayNotMakeIsShown() throws Exception {
		List<String> banner = banner("""
				anonymousVpc: WebVpc1A2B3C4D
				services:
				  erp-service:
				    listen: 127.0.0.1:0
				    examples: ["GET /api/customers/C-1001"]
				""");
		assertThat(banner).contains("  # web-server -> erp-service, allowed by the policies");
		assertThat(banner.stream().filter((line) -> line.contains("DENIED")).toList()).singleElement()
			.asString()
			.startsWith("  # erp-service -> erp-service, DENIED: expect 403, because ");
	}

	// Without examples the banner probes the paths the policies name; a probe the
	// listener answers itself, with no target, says so.
	@Test
	void aProbeTheListenerAnswersWithAFixedResponseSaysWhatItAnswers() throws Exception {
		Path template = TestBindings.templateWith(this.dir, "Fixed", """
				"RetiredCustomerRule": {"Type": "AWS::VpcLattice::Rule", "Properties": {
				  "ListenerIdentifier": {"Ref": "ErpListener"}, "ServiceIdentifier": {"Ref": "ErpService5678EF01"},
				  "Priority": 1, "Match": {"HttpMatch": {"Method": "GET",
				    "PathMatch": {"Match": {"Exact": "/api/customers/1"}}}},
				  "Action": {"FixedResponse": {"StatusCode": 404}}}}""");
		List<String> banner = banner(template, """
				anonymousVpc: WebVpc1A2B3C4D
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				  web-server: { listen: 127.0.0.1:0 }
				""");
		assertThat(banner)
			.contains("  # web-server -> erp-service, allowed by the policies; the listener answers 404 itself")
			.contains("  # erp-service -> web-server, allowed by the policies");
	}

}
