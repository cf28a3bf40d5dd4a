package io.latticeshop.web.peers;

import java.net.URI;
import java.util.Optional;

import io.latticeshop.lattice.problems.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

/**
 * The ERP as the web server uses it: each answer checked before anyone relies on it. An
 * unknown customer is an empty result; every other failure, and every answer that cannot
 * be used, is a {@link io.latticeshop.lattice.client.PeerCallException} naming the peer.
 */
@Component
public class Erp {

	public static final String PEER = "erp";

	// What an order keeps of a customer (db/migration): a longer answer is the peer's
	// fault, not a database error.
	private static final int MAX_NAME = 400;

	private static final int MAX_TIER = 20;

	/** The problem type the ERP answers an unknown customer with. */
	public static final URI CUSTOMER_NOT_FOUND = Problems.type("customer-not-found");

	private final ErpClient client;

	Erp(ErpClient client) {
		this.client = client;
	}

	/**
	 * The customer, or empty when the ERP says it has no such customer.
	 * @throws io.latticeshop.lattice.client.PeerCallException if the ERP could not answer
	 * or its answer cannot be used
	 */
	public Optional<Customer> customer(String id) {
		Customer customer;
		try {
			customer = this.client.customer(id);
		}
		catch (HttpClientErrorException.NotFound ex) {
			// Only the ERP's own "no such customer" is an answer; any other 404 (a wrong
			// peer URL, a renamed route) is a fault to be seen as one.
			if (!CUSTOMER_NOT_FOUND.toString().equals(problemType(ex))) {
				throw PeerAnswers.unusable(PEER, ex);
			}
			return Optional.empty();
		}
		catch (RestClientException ex) {
			throw PeerAnswers.unusable(PEER, ex);
		}
		if (customer == null || customer.name() == null || customer.tier() == null) {
			throw PeerAnswers.unusable(PEER, "customer " + id + " without name or tier", null);
		}
		if (customer.name().length() > MAX_NAME || customer.tier().length() > MAX_TIER) {
			throw PeerAnswers.unusable(PEER, "customer " + id + " with a name or tier longer than an order can keep",
					null);
		}
		return Optional.of(customer);
	}

	/**
	 * An order's invoice, which the ERP makes by reading the order back from this web
	 * server.
	 * @throws io.latticeshop.lattice.client.PeerCallException if the ERP could not
	 * answer, or answered with another order's invoice or one that does not add up
	 */
	public Invoice invoice(String orderId) {
		Invoice invoice = PeerAnswers.call(PEER, () -> this.client.invoice(orderId));
		if (invoice == null || !orderId.equals(invoice.orderId()) || invoice.total() != invoice.net() + invoice.tax()) {
			throw PeerAnswers.unusable(PEER, "an invoice that is not order " + orderId + "'s or does not add up", null);
		}
		return invoice;
	}

	/** The {@code type} of a problem answer, or null when the body is no problem. */
	private static String problemType(HttpClientErrorException ex) {
		try {
			return JsonMapper.shared().readTree(ex.getResponseBodyAsByteArray()).path("type").asString(null);
		}
		catch (JacksonException | IllegalArgumentException ex2) {
			return null;
		}
	}

}
