package io.latticeshop.web.peers;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The real peers: one HTTP service group per Lattice peer, named like the peer so that
 * {@code lattice-spring-boot-starter} gives each its URL
 * ({@code lattice.peers.<group>.url}), timeouts, signing and fault translation.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + StandalonePeers.PROFILE)
@ImportHttpServices(group = "erp", types = ErpClient.class)
@ImportHttpServices(group = "order-processor", types = OrderProcessorClient.class)
class PeerClientsConfiguration {

}
