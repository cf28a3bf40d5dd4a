package io.latticeshop.erp.invoices;

import io.latticeshop.client.PeerCallException;
import io.latticeshop.erp.customers.Customer;
import io.latticeshop.erp.customers.CustomerRepository;

import org.springframework.stereotype.Service;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * Writes invoices: the order comes from the web server, the billing details from the
 * ERP's own customers.
 */
@Service
class InvoiceService {

	private final WebServerOrders orders;

	private final CustomerRepository customers;

	InvoiceService(WebServerOrders orders, CustomerRepository customers) {
		this.orders = orders;
		this.customers = customers;
	}

	Invoice invoice(String orderId) {
		Order order = fetch(orderId);
		if (!order.isAccepted()) {
			throw new OrderNotInvoiceableException(orderId,
					"has status " + order.status() + "; only " + Order.ACCEPTED + " orders are invoiced");
		}
		// The web server checked the customer with the ERP when the order was placed, so
		// this only happens when reference data was changed under an existing order.
		Customer customer = this.customers.findById(order.customerId())
			.orElseThrow(() -> new OrderNotInvoiceableException(orderId,
					"belongs to customer " + order.customerId() + ", whom the ERP does not know"));
		return Invoice.of(orderId, order, customer);
	}

	private Order fetch(String orderId) {
		Order order;
		try {
			order = this.orders.order(orderId);
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new OrderNotFoundException(orderId);
		}
		catch (RestClientException ex) {
			// The peer answered 2xx with a body that is no order: its fault, not the
			// caller's, and worth naming it.
			throw unreadable(ex.getMessage(), ex);
		}
		if (order == null) {
			throw unreadable("an empty body", null);
		}
		return order;
	}

	private static PeerCallException unreadable(String what, Throwable cause) {
		return new PeerCallException(WebServerClientConfiguration.PEER, PeerCallException.Failure.FAILED, null,
				"Peer '" + WebServerClientConfiguration.PEER + "' answered an order the ERP cannot read: " + what,
				cause);
	}

}
