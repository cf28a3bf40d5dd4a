package io.latticeshop.lattice.problems;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service words some problems its own way by declaring its own handler; the shared one
 * then steps back instead of competing with it.
 */
class ProblemsAutoConfigurationOverrideTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProblemsAutoConfiguration.class));

	@Test
	void aServiceGetsTheSharedProblemHandlingWhenItDeclaresNone() {
		this.runner.run((context) -> {
			assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isExactlyInstanceOf(ProblemExceptionHandler.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(ProblemErrorController.class);
			assertThat(context).hasSingleBean(TomcatContextCustomizer.class);
		});
	}

	@Test
	void aServicesOwnHandlerReplacesTheSharedOne() {
		this.runner.withBean(ServiceProblems.class, ServiceProblems::new)
			.run((context) -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isExactlyInstanceOf(ServiceProblems.class));
	}

	@Test
	void nothingOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProblemsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class)
				.doesNotHaveBean(ErrorController.class)
				.doesNotHaveBean(TomcatContextCustomizer.class));
	}

	static class ServiceProblems extends ProblemExceptionHandler {

	}

}
