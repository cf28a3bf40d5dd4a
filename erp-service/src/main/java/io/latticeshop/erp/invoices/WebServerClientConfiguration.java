package io.latticeshop.erp.invoices;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The group name is the peer name, which is how {@code lattice-spring-boot-starter} knows
 * to point the group at {@code lattice.peers.web-server.url}.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = WebServerClientConfiguration.PEER, types = WebServerOrders.class)
class WebServerClientConfiguration {

	static final String PEER = "web-server";

}
