package io.latticeshop.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A binding that names services by construct path, so that it survives a change of the
 * services' Lattice names (a stack name that changes them all): the endpoints, the Java
 * API and what lattice-local shows all lead to the same service, whatever a caller names
 * it by.
 */
class ServiceReferencesTests {

	@TempDir
	Path dir;

	LatticeLocal local;

	@AfterEach
	void stop() {
		if (this.local != null) {
			this.local.close();
		}
	}

	private LatticeLocal start(String services) throws IOException {
		Path template = TestBindings.templateWithConstructPaths(this.dir);
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(TestBindings.write(this.dir, template, services)));
		return this.local;
	}

	@Test
	void aServiceBoundByConstructPathIsFoundByPathLogicalIdOrLatticeName() throws Exception {
		LatticeLocal local = start("""
				services:
				  Lattice/ErpService: { listen: 127.0.0.1:0 }
				  Lattice/OrderProcessorService: { listen: 127.0.0.1:0 }
				""");

		URI erp = local.endpoint("Lattice/ErpService");
		assertThat(erp.getPort()).isEqualTo(local.addresses().get("Lattice/ErpService").getPort());
		assertThat(List.of("erp-service", "ErpService5678EF01", "LatticeShop/Lattice/ErpService/Service",
				"Lattice/ErpService/Service"))
			.allSatisfy((reference) -> assertThat(local.endpoint(reference)).isEqualTo(erp));
		assertThat(local.endpoint("order-processor")).isNotEqualTo(erp);
		assertThat(local.serviceName("Lattice/ErpService")).isEqualTo("erp-service");

		HttpResponse<String> denied = new SignedClient(SignedClient.http(), "us-east-1", "AKIAERP", "erp-secret")
			.send("GET", erp.resolve("/api/customers/C-1001"), null, null);
		assertThat(denied.statusCode()).isEqualTo(403);
		for (int i = 0; i < 50 && local.requests().isEmpty(); i++) {
			Thread.sleep(20);
		}
		assertThat(local.requests()).singleElement()
			.satisfies((request) -> assertThat(request.service()).isEqualTo(local.serviceName("Lattice/ErpService")));
	}

	@Test
	void aServiceThatIsNotBoundIsRefusedWithTheBoundOnesAndTheirNames() throws Exception {
		LatticeLocal local = start("""
				services:
				  Lattice/ErpService: { listen: 127.0.0.1:0 }
				""");

		assertThatIllegalArgumentException().isThrownBy(() -> local.endpoint("web-server"))
			.withMessageContaining("no service 'web-server' in the binding")
			.withMessageContaining("Lattice/ErpService (erp-service)");
		assertThatIllegalArgumentException().isThrownBy(() -> local.serviceName("Lattice/NoSuchService"));
		// Above three services: no one of them.
		assertThatIllegalArgumentException().isThrownBy(() -> local.endpoint("Lattice"))
			.withMessageContaining("ambiguous");
	}

	@Test
	void twoKeysForOneServiceStopTheStartBeforeAnEndpointOpens() throws Exception {
		Path template = TestBindings.templateWithConstructPaths(this.dir);
		Path binding = TestBindings.write(this.dir, template, """
				services:
				  Lattice/ErpService: { listen: 127.0.0.1:0 }
				  erp-service: { listen: 127.0.0.1:0 }
				""");
		this.local = new LatticeLocal();

		assertThatThrownBy(() -> this.local.start(BindingReader.read(binding))).isInstanceOf(StartupException.class)
			.hasMessage("services.erp-service: service erp-service is bound twice, also as "
					+ "services.Lattice/ErpService; bind each service once");
		assertThat(this.local.addresses()).isEmpty();
	}

	@Test
	void theBannerLinesUpTheEndpointsOfLatticeNamesAsAStackNameMakesThem() throws Exception {
		Path template = TestBindings.templateWithConstructPaths(this.dir);
		Files.writeString(template,
				Files.readString(template)
					.replace("\"Name\": \"web-server\"", "\"Name\": \"lattice-shop-web-server\"")
					.replace("\"Name\": \"order-processor\"", "\"Name\": \"lattice-shop-order-processor\""));
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(TestBindings.write(this.dir, template, """
				services:
				  Lattice/WebServerService: { listen: 127.0.0.1:0 }
				  Lattice/OrderProcessorService: { listen: 127.0.0.1:0 }
				""")));

		List<String> endpoints = this.local.banner()
			.stream()
			.filter((line) -> line.contains("(stands in for"))
			.toList();
		assertThat(endpoints).hasSize(2)
			.allSatisfy((line) -> assertThat(line.indexOf("http://"))
				.isEqualTo("  lattice-shop-order-processor  ".length()));
		assertThat(this.local.serviceName("Lattice/WebServerService")).isEqualTo("lattice-shop-web-server");
	}

}
