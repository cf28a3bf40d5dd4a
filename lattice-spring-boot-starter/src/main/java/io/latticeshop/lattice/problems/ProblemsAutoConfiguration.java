package io.latticeshop.lattice.problems;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a servlet service answers is a problem: those its handlers raise
 * ({@link ProblemExceptionHandler}), those that reach the error page
 * ({@link ProblemErrorController}) and those Tomcat answers itself
 * ({@link ProblemReportValve}). Before Boot's error handling, whose error controller and
 * exception handler step back when these are present.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ErrorController.class })
public final class ProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemExceptionHandler problemExceptionHandler() {
		return new ProblemExceptionHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatContextCustomizer.class })
	static class TomcatProblems {

		@Bean
		TomcatContextCustomizer problemReportValve() {
			// The host creates its error report valve when it starts, which is after
			// contexts are customized, so naming the class here is early enough.
			return (context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemReportValve.class.getName());
				}
			};
		}

	}

}
