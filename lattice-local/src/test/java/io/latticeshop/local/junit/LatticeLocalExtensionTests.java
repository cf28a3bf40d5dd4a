package io.latticeshop.local.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.latticeshop.local.LatticeLocal;
import io.latticeshop.local.SignedClient;
import io.latticeshop.local.TestBindings;
import io.latticeshop.local.admin.RecordedRequest;
import io.latticeshop.local.binding.Binding.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Java API as someone testing their own CDK app uses it: the extension starts
 * lattice-local for the class, the handle names endpoints and credentials and reports the
 * requests it saw.
 */
class LatticeLocalExtensionTests {

	@RegisterExtension
	static LatticeLocalExtension lattice = LatticeLocalExtension.from(binding());

	static Path binding() {
		try {
			Path dir = Files.createTempDirectory("lattice-local-extension-test");
			return TestBindings.write(dir, """
					services:
					  erp-service: { listen: 127.0.0.1:0 }
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void theHandleNamesEndpointsAndCredentialsAndReportsWhatItDecided() throws Exception {
		LatticeLocal local = lattice.local();
		assertThat(local.ready()).isTrue();
		assertThat(local.admin()).isEmpty();
		URI customers = local.endpoint("erp-service").resolve("/api/customers/C-1001");
		Credentials web = local.credentials("web-server");
		Credentials erp = local.credentials("erp-service");

		HttpResponse<String> allowed = new SignedClient(SignedClient.http(), "us-east-1", web.accessKeyId(),
				web.secretAccessKey())
			.send("GET", customers, null, null);
		HttpResponse<String> denied = new SignedClient(SignedClient.http(), "us-east-1", erp.accessKeyId(),
				erp.secretAccessKey())
			.send("GET", customers, null, null);

		// Allowed by the policies; the target group is not bound in this binding.
		assertThat(allowed.statusCode()).isEqualTo(503);
		assertThat(denied.statusCode()).isEqualTo(403);
		// A request is recorded once its response is written, a moment after the client
		// has it.
		for (int i = 0; i < 50 && local.requests().size() < 2; i++) {
			Thread.sleep(20);
		}
		assertThat(local.requests()).extracting(RecordedRequest::callerName, RecordedRequest::decision)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("web-server", "ALLOW"),
					org.assertj.core.groups.Tuple.tuple("erp-service", "DENY"));
	}

	@Test
	void unknownNamesAreRefusedWithTheNamesThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> lattice.local().endpoint("nope"))
			.withMessageContaining("erp-service");
		assertThatIllegalArgumentException().isThrownBy(() -> lattice.local().credentials("nope"));
	}

	@Test
	void theBuilderStartsOneWithAnAdminEndpointAndCloseStopsIt() throws Exception {
		URI endpoint;
		try (LatticeLocal local = LatticeLocal.builder(binding()).admin("127.0.0.1:0").start()) {
			assertThat(local.admin()).isPresent();
			endpoint = local.endpoint("erp-service");
			assertThat(java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(local.admin().get().resolve("/_lattice/health")).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(200);
		}
		assertThat(isListening(endpoint)).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> LatticeLocalExtension.from(binding()).local());
	}

	private static boolean isListening(URI endpoint) {
		try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
