package io.latticeshop.erp.system;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatProblemConfiguration {

	@Bean
	TomcatContextCustomizer problemReportValve() {
		// The host's error report valve is created when the host starts, which is after
		// contexts are customized, so naming the class here is early enough.
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
			}
		};
	}

}
