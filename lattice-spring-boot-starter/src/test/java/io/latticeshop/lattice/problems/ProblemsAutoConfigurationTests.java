package io.latticeshop.lattice.problems;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest
@ContextConfiguration(classes = ProblemsAutoConfigurationTests.App.class)
class ProblemsAutoConfigurationTests {

	private static final String PROBLEMS = "https://latticeshop.io/problems/";

	@Autowired
	private MockMvc mvc;

	@Test
	void unknownPathIsANotFoundProblem() throws Exception {
		this.mvc.perform(get("/api/nothing-here"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
	}

	@Test
	void wrongMethodIsAMethodNotAllowedProblem() throws Exception {
		this.mvc.perform(delete("/probe/ok"))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "method-not-allowed"));
	}

	@Test
	void unacceptableMediaTypeIsStillAnsweredAsAProblem() throws Exception {
		this.mvc.perform(get("/probe/ok").accept(MediaType.TEXT_HTML))
			.andExpect(status().isNotAcceptable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-acceptable"));
	}

	@Test
	void anAcceptHeaderThatIsNoMediaTypeIsStillAnsweredAsAProblem() throws Exception {
		this.mvc.perform(get("/probe/ok").header("Accept", "???"))
			.andExpect(status().isNotAcceptable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-acceptable"));
	}

	@Test
	void unsupportedBodyTypeIsAProblem() throws Exception {
		this.mvc.perform(post("/probe/echo").contentType(MediaType.TEXT_PLAIN).content("hello"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
	}

	@Test
	void malformedJsonIsAnInvalidRequestProblem() throws Exception {
		this.mvc.perform(post("/probe/echo").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"));
	}

	@Test
	void wrongParameterTypeIsAnInvalidRequestProblem() throws Exception {
		this.mvc.perform(get("/probe/count").param("n", "many"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"));
	}

	@Test
	void problemWithoutATypeGetsOneNamedAfterItsStatus() throws Exception {
		this.mvc.perform(get("/probe/conflict"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "http-409"));
	}

	@Test
	void problemWithATypeKeepsIt() throws Exception {
		this.mvc.perform(get("/probe/typed"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "probe-refused"))
			.andExpect(jsonPath("$.title").value("Probe refused"));
	}

	@Test
	void unexpectedFailureIsAnInternalErrorProblemThatKeepsItsSecrets() throws Exception {
		this.mvc.perform(get("/probe/boom"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "internal-error"))
			.andExpect(content().string(not(containsString("s3cr3t"))));
	}

	@Test
	void containerErrorsAreProblemsToo() throws Exception {
		this.mvc
			.perform(get("/error").requestAttr("jakarta.servlet.error.status_code", 400)
				.requestAttr("jakarta.servlet.error.request_uri", "/api/customers/a%2Fb"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.instance").value("/api/customers/a%2Fb"));
	}

	@Test
	void containerRefusalOfAnOversizedBodyIsAPayloadTooLargeProblem() throws Exception {
		this.mvc.perform(get("/error").requestAttr("jakarta.servlet.error.status_code", 413))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"));
	}

	@Test
	void askingForTheErrorPageItselfIsNotFound() throws Exception {
		this.mvc.perform(get("/error"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
	}

	@Test
	void tomcatsOwnRefusalsAreProblems() {
		assertThat(ProblemReportValve.json(HttpStatus.BAD_REQUEST))
			.isEqualTo("{\"type\":\"" + PROBLEMS + "invalid-request\",\"title\":\"Bad Request\",\"status\":400}");
	}

	// No component scanning: the problem handling must arrive through its
	// auto-configuration, which @WebMvcTest slices include.
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(App.Probe.class)
	static class App {

		@RestController
		static class Probe {

			@GetMapping(path = "/probe/ok", produces = MediaType.APPLICATION_JSON_VALUE)
			String ok() {
				return "{}";
			}

			@PostMapping(path = "/probe/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
			Named echo(@RequestBody Named body) {
				return body;
			}

			@GetMapping("/probe/count")
			int count(@RequestParam int n) {
				return n;
			}

			@GetMapping("/probe/conflict")
			String conflict() {
				throw new ErrorResponseException(HttpStatus.CONFLICT);
			}

			@GetMapping("/probe/typed")
			String typed() {
				throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT,
						Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("probe-refused"), "Probe refused",
								"The probe says no"),
						null);
			}

			@GetMapping("/probe/boom")
			String boom() {
				throw new IllegalStateException("database password s3cr3t rejected");
			}

			record Named(String name) {
			}

		}

	}

}
