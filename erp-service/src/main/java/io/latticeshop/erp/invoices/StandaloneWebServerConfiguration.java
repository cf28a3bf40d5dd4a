package io.latticeshop.erp.invoices;

import io.latticeshop.erp.customers.CustomerRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * The {@code standalone} profile (the default) lets the ERP answer invoices with no web
 * server running and no AWS credentials: the sample orders take the place of the remote
 * client, which is still built but never called.
 */
@Configuration(proxyBeanMethods = false)
@Profile("standalone")
class StandaloneWebServerConfiguration {

	@Bean
	@Primary
	WebServerOrders sampleOrders(CustomerRepository customers) {
		return new SampleOrders(customers);
	}

}
