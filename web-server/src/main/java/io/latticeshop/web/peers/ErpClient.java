package io.latticeshop.web.peers;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The ERP service, reached through Lattice as peer {@code erp}.
 */
@HttpExchange(accept = { "application/json", "application/problem+json" })
public interface ErpClient {

	/**
	 * Looks a customer up.
	 * @param id the customer id
	 * @return the customer
	 * @throws HttpClientErrorException.NotFound if the ERP does not know the customer
	 * @throws io.latticeshop.lattice.client.PeerCallException if the ERP could not answer
	 */
	@GetExchange("/api/customers/{id}")
	Customer customer(@PathVariable String id);

	/**
	 * The invoice of an order, which the ERP makes by reading the order back from this
	 * web server through Lattice.
	 * @param orderId the order's id
	 * @return the invoice
	 * @throws io.latticeshop.lattice.client.PeerCallException if the ERP could not answer
	 */
	@GetExchange("/api/invoices/{orderId}")
	Invoice invoice(@PathVariable String orderId);

}
