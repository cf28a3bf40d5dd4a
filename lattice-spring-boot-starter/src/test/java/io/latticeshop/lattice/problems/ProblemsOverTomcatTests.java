package io.latticeshop.lattice.problems;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before any servlet sees them, through a real server: the answer
 * is still a problem, not Tomcat's HTML page.
 */
@SpringBootTest(classes = ProblemsOverTomcatTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ProblemsOverTomcatTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "GET /api/% HTTP/1.1", "GET /api/a%2Fb HTTP/1.1", "GET /api/x HTTP/1.1\r\nX-Big: " })
	void requestsTomcatRefusesAreInvalidRequestProblems(String requestLine) throws Exception {
		String request = requestLine.endsWith(": ") ? requestLine + "x".repeat(20_000) : requestLine;
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write((request + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"type\":\"https://latticeshop.io/problems/invalid-request\"")
				.doesNotContainIgnoringCase("<html");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
