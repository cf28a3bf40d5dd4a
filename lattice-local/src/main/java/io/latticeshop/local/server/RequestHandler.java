package io.latticeshop.local.server;

/**
 * What an endpoint does with a request once its head has arrived. Runs on the
 * connection's event loop and must not block: slow work completes later and answers
 * through the exchange.
 */
@FunctionalInterface
public interface RequestHandler {

	void handle(Exchange exchange);

}
