package io.latticeshop.erp.invoices;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The web server's orders API, called through VPC Lattice.
 * {@code lattice-spring-boot-starter} configures the {@code web-server} group: base URL,
 * timeouts, SigV4 signing, and {@link io.latticeshop.lattice.client.PeerCallException}
 * for every fault except 404.
 */
@HttpExchange(url = "/api/orders", accept = "application/json")
interface WebServerOrders {

	/**
	 * One order.
	 * @param id the order id
	 * @return the order
	 * @throws org.springframework.web.client.HttpClientErrorException.NotFound if the web
	 * server has no such order
	 */
	@GetExchange("/{id}")
	Order order(@PathVariable String id);

}
