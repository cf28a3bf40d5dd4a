package io.latticeshop.erp.invoices;

import java.util.List;

import io.latticeshop.lattice.client.PeerCallException;
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
		try {
			return Invoice.of(orderId, order, customer);
		}
		catch (ArithmeticException ex) {
			throw unreadable("amounts too large to invoice", ex);
		}
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
			// The peer answered 2xx with a body that is no order (its fault, not the
			// caller's, and worth naming it), or ran out of time while sending it.
			throw PeerCallException.in(ex).orElseGet(() -> unreadable(ex.getMessage(), ex));
		}
		if (order == null) {
			throw unreadable("an empty body", null);
		}
		String defect = defect(orderId, order);
		if (defect != null) {
			throw unreadable(defect, null);
		}
		return order;
	}

	/**
	 * What makes a well-formed answer no order the ERP can invoice, or null. An invoice
	 * that repeated the web server's mistakes (a total that is not subtotal less
	 * discount, another currency, someone else's order) would be worse than none.
	 */
	private static String defect(String orderId, Order order) {
		if (!orderId.equals(order.id())) {
			return "order " + order.id() + " when asked for " + orderId;
		}
		if (order.customerId() == null || order.customerId().isBlank()) {
			return "an order without a customer";
		}
		if (!Order.ACCEPTED.equals(order.status()) && !Order.REJECTED.equals(order.status())) {
			return "an order with status " + order.status();
		}
		if (!order.isAccepted()) {
			return null;
		}
		if (order.currency() != null && !Invoice.DEFAULT_CURRENCY.equals(order.currency())) {
			return "an order in " + order.currency() + ", not " + Invoice.DEFAULT_CURRENCY;
		}
		try {
			long subtotal = 0;
			for (Order.Line line : (order.lines() != null) ? order.lines() : List.<Order.Line>of()) {
				if (line.quantity() < 1 || line.unitPrice() < 0
						|| line.lineTotal() != Math.multiplyExact(line.quantity(), line.unitPrice())) {
					return "a line of " + line.sku() + " whose total is not quantity times unit price";
				}
				subtotal = Math.addExact(subtotal, line.lineTotal());
			}
			if (subtotal != order.subtotal() || order.discount() < 0 || order.discount() > order.subtotal()
					|| order.total() != order.subtotal() - order.discount()) {
				return "an order whose lines, subtotal, discount and total do not add up";
			}
		}
		catch (ArithmeticException ex) {
			return "amounts too large to invoice";
		}
		return null;
	}

	private static PeerCallException unreadable(String what, Throwable cause) {
		return new PeerCallException(WebServerClientConfiguration.PEER, PeerCallException.Failure.FAILED, null,
				"Peer '" + WebServerClientConfiguration.PEER + "' answered an order the ERP cannot read: " + what,
				cause);
	}

}
