package io.latticeshop.client.caller;

import io.latticeshop.client.PeerCallException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

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

			@GetMapping("/slow")
			String slow() {
				throw new PeerCallException("erp", PeerCallException.Failure.TIMEOUT, null,
						"Peer 'erp' no answer within the read timeout", null);
			}

		}

	}

}
