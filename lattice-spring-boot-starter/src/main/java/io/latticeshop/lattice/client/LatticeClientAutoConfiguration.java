package io.latticeshop.lattice.client;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Signed, time-limited {@code RestClient}s for the peers in {@code lattice.peers}. Every
 * {@code @HttpExchange} group named after a peer is pointed at it.
 */
@AutoConfiguration
@EnableConfigurationProperties(LatticeProperties.class)
public final class LatticeClientAutoConfiguration {

	/**
	 * The default provider chain (environment, profile, web identity, ECS task role, EC2
	 * instance profile), created once: each provider in it caches and refreshes its
	 * credentials, so signing a request never goes to the network for them.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(AwsCredentialsProvider.class)
	@ConditionalOnBooleanProperty(name = "lattice.signing", matchIfMissing = true)
	DefaultCredentialsProvider latticeCredentialsProvider() {
		return DefaultCredentialsProvider.builder().build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "lattice.signing", matchIfMissing = true)
	LatticeRequestSigner latticeRequestSigner(AwsCredentialsProvider credentials, LatticeProperties properties) {
		return new LatticeRequestSigner(credentials, properties.region());
	}

	@Bean
	@ConditionalOnMissingBean
	LatticePeerClients latticePeerClients(LatticeProperties properties, ObjectProvider<LatticeRequestSigner> signer) {
		return new LatticePeerClients(properties, signer.getIfAvailable());
	}

	/**
	 * A service started with {@code spring.main.lazy-initialization} must still refuse to
	 * start with a missing peer URL or a bad timeout, rather than fail its first call
	 * after reporting ready. (Ours do not use lazy initialization: in the web server it
	 * saved about 450 ms of start-up and added about 620 ms to the first order.)
	 */
	@Bean
	static LazyInitializationExcludeFilter latticePropertiesAreBoundAtStartUp() {
		return LazyInitializationExcludeFilter.forBeanTypes(LatticeProperties.class);
	}

	@Bean
	RestClientHttpServiceGroupConfigurer latticeHttpServiceGroupConfigurer(LatticePeerClients clients) {
		return new RestClientHttpServiceGroupConfigurer() {

			@Override
			public void configureGroups(Groups<org.springframework.web.client.RestClient.Builder> groups) {
				groups.filter((group) -> clients.isPeer(group.name()))
					.forEachClient((group, builder) -> clients.configure(group.name(), builder));
			}

			// After Boot's own spring.http.serviceclient configurer, so that the peer's
			// Lattice URL and our request factory are what the group ends up with.
			@Override
			public int getOrder() {
				return Ordered.LOWEST_PRECEDENCE;
			}

		};
	}

}
