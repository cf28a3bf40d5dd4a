package io.latticeshop.lattice.server;

import java.net.URI;

import io.latticeshop.lattice.client.PeerCallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest
@ContextConfiguration(classes = LatticeServerAutoConfigurationTests.App.class)
class LatticeServerAutoConfigurationTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void controllersReceiveTheCaller() throws Exception {
		this.mvc
			.perform(get("/whoami").header(LatticeCaller.IDENTITY_HEADER,
					"Principal=arn:aws:sts::1:assumed-role/ErpTaskRole/abc; Type=AWS_IAM"))
			.andExpect(status().isOk())
			.andExpect(content().string("arn:aws:sts::1:assumed-role/ErpTaskRole/abc"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/customers/../whoami", "/api/customers/%2e%2e/whoami", "/api/customers/%2E./whoami",
			"/api/customers/..;x=1/whoami", "/./whoami", "/whoami//", "/api//whoami" })
	void aPathTheServerWouldResolveToAnotherIsA400(String path) throws Exception {
		this.mvc.perform(get(URI.create(path)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/invalid-request"))
			.andExpect(jsonPath("$.title").value("Path not in normal form"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/whoami", "/whoami/", "/api/customers/C-1001", "/api/customers/a.b", "/api/x..y",
			"/api/%2e%2ex" })
	void aPathInNormalFormPasses(String path) {
		assertThat(NormalPathFilter.isNormal(path)).isTrue();
	}

	@Test
	void unreachablePeerIsA503ProblemNamingThePeer() throws Exception {
		this.mvc.perform(get("/unreachable"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/peer-unavailable"))
			.andExpect(jsonPath("$.peer").value("erp"));
	}

	@Test
	void slowPeerIsA504() throws Exception {
		this.mvc.perform(get("/slow"))
			.andExpect(status().isGatewayTimeout())
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/peer-timeout"));
	}

	@Test
	void refusalNamesThePeerButNotWhatLatticeSaidAboutOurRoles() throws Exception {
		this.mvc.perform(get("/denied"))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/peer-refused"))
			.andExpect(jsonPath("$.peer").value("erp"))
			.andExpect(jsonPath("$.peerStatus").value(403))
			.andExpect(jsonPath("$.detail").value(containsString("erp")))
			.andExpect(jsonPath("$.detail").value(not(containsString("arn:aws"))));
	}

	// No component scanning: the server side must arrive through its auto-configuration,
	// which @WebMvcTest slices include.
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(App.Probe.class)
	static class App {

		@RestController
		static class Probe {

			@GetMapping("/whoami")
			String whoami(LatticeCaller caller) {
				return caller.principal();
			}

			@GetMapping("/unreachable")
			String unreachable() {
				throw new PeerCallException("erp", PeerCallException.Failure.UNREACHABLE, null,
						"Peer 'erp' connection refused", null);
			}

			@GetMapping("/denied")
			String denied() {
				throw new PeerCallException("erp", PeerCallException.Failure.REFUSED, HttpStatus.FORBIDDEN,
						"Peer 'erp' answered 403: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/web/i-0 "
								+ "is not authorized to perform: vpc-lattice-svcs:Invoke",
						null);
			}

			@GetMapping("/slow")
			String slow() {
				throw new PeerCallException("erp", PeerCallException.Failure.TIMEOUT, null,
						"Peer 'erp' no answer within the read timeout", null);
			}

		}

	}

}
