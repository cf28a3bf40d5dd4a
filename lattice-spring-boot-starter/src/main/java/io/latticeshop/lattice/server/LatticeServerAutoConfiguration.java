package io.latticeshop.lattice.server;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Server side of a Lattice target: paths in normal form only, the caller identity for
 * controllers and logs, and peer failures answered as problems.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@Import(PeerProblemAdvice.class)
public final class LatticeServerAutoConfiguration {

	@Bean
	FilterRegistrationBean<NormalPathFilter> normalPathFilter() {
		FilterRegistrationBean<NormalPathFilter> registration = new FilterRegistrationBean<>(new NormalPathFilter());
		// Before anything reads the path.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	@Bean
	FilterRegistrationBean<LatticeCallerFilter> latticeCallerFilter() {
		FilterRegistrationBean<LatticeCallerFilter> registration = new FilterRegistrationBean<>(
				new LatticeCallerFilter());
		// Early, so that even requests rejected by later filters are logged with their
		// caller.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	WebMvcConfigurer latticeCallerArguments() {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new LatticeCallerArgumentResolver());
			}

		};
	}

}
