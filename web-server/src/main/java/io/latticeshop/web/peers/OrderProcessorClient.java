package io.latticeshop.web.peers;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The order processor (a Lambda function), reached through Lattice as peer
 * {@code order-processor}.
 */
@HttpExchange(accept = { "application/json", "application/problem+json" }, contentType = "application/json")
public interface OrderProcessorClient {

	/**
	 * Prices and validates an order. A rejection is an answer, not an error.
	 * @param request the order to process
	 * @return the outcome
	 * @throws io.latticeshop.lattice.client.PeerCallException if the processor could not
	 * answer
	 */
	@PostExchange("/orders/process")
	ProcessingResult process(@RequestBody ProcessingRequest request);

}
