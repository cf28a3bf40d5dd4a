package io.latticeshop.lattice.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

class LatticeClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
						HttpServiceClientPropertiesAutoConfiguration.class, RestClientAutoConfiguration.class,
						HttpServiceClientAutoConfiguration.class, LatticeClientAutoConfiguration.class))
		.withUserConfiguration(ErpClientConfiguration.class);

	@Test
	void httpServiceGroupNamedAfterAPeerCallsItSigned() throws Exception {
		try (RawHttpServer erp = new RawHttpServer(200, "{\"id\":\"C-1001\"}")) {
			this.runner.withPropertyValues("lattice.region=eu-central-1", "lattice.peers.erp.url=" + erp.baseUrl())
				.withBean(AwsCredentialsProvider.class,
						() -> StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
				.run((context) -> {
					assertThat(context.getBean(ErpCustomers.class).customer("C-1001")).contains("C-1001");
					RawHttpServer.Received request = erp.take();
					assertThat(request.target()).isEqualTo("/api/customers/C-1001");
					assertThat(request.header("Authorization")).contains("/eu-central-1/vpc-lattice-svcs/aws4_request");
					assertThat(request.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
				});
		}
	}

	@Test
	void signingOffSendsPlainRequestsAndNeedsNoCredentials() throws Exception {
		try (RawHttpServer erp = new RawHttpServer(200, "{}")) {
			this.runner.withPropertyValues("lattice.signing=false", "lattice.peers.erp.url=" + erp.baseUrl())
				.run((context) -> {
					assertThat(context).doesNotHaveBean(AwsCredentialsProvider.class);
					context.getBean(ErpCustomers.class).customer("C-1002");
					assertThat(erp.take().header("Authorization")).isNull();
				});
		}
	}

	@Test
	void peerGroupsUseLatticeClientsHttpClientWhicheverFactoryBootIsSetTo() throws Exception {
		// The services set Boot's factory to the simple one, which costs nothing to
		// build: Boot builds one for every group before lattice-spring-boot-starter puts
		// its own in
		// place.
		try (RawHttpServer erp = new RawHttpServer(200, "{}")) {
			this.runner
				.withPropertyValues("spring.http.clients.imperative.factory=simple", "lattice.signing=false",
						"lattice.peers.erp.url=" + erp.baseUrl())
				.run((context) -> {
					context.getBean(ErpCustomers.class).customer("C-1003");
					assertThat(erp.take().header("User-Agent")).startsWith("Apache-HttpClient/");
				});
		}
	}

	@Test
	void peerWithoutUrlFailsAtStartUp() {
		this.runner.withPropertyValues("lattice.signing=false", "lattice.peers.erp.read-timeout=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("lattice.peers.erp.url must be set"));
	}

	@Test
	void settingsThatCannotWorkFailAtStartUpNamingTheProperty() {
		assertStartUpFails("lattice.region= ", "lattice.region must name the region that signatures are for");
		assertStartUpFails("lattice.max-connections=0", "lattice.max-connections must be positive, was 0");
		assertStartUpFails("lattice.read-timeout=0s", "lattice.read-timeout must be positive, was PT0S");
		assertStartUpFails("lattice.connect-timeout=-1s", "lattice.connect-timeout must be positive, was PT-1S");
		assertStartUpFails("lattice.peers.erp.connect-timeout=0ms",
				"lattice.peers.erp.connect-timeout must be positive, was PT0S");
	}

	private void assertStartUpFails(String setting, String reason) {
		this.runner.withPropertyValues("lattice.signing=false", "lattice.peers.erp.url=http://127.0.0.1:9", setting)
			.run((context) -> assertThat(context).getFailure().as(setting).rootCause().hasMessage(reason));
	}

	@Test
	void peerWithoutUrlFailsAtStartUpEvenWithLazyInitialization() {
		this.runner.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.withPropertyValues("lattice.signing=false", "lattice.peers.erp.read-timeout=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("lattice.peers.erp.url must be set"));
	}

	interface ErpCustomers {

		@GetExchange("/api/customers/{id}")
		String customer(@PathVariable String id);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "erp", types = ErpCustomers.class)
	static class ErpClientConfiguration {

		@Bean
		String marker() {
			return "erp";
		}

	}

}
