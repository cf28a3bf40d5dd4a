package io.latticeshop.web.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.latticeshop.client.PeerCallException;
import io.latticeshop.client.problems.Problems;
import io.latticeshop.web.peers.Customer;
import io.latticeshop.web.peers.Invoice;
import io.latticeshop.web.peers.ErpClient;
import io.latticeshop.web.peers.OrderProcessorClient;
import io.latticeshop.web.peers.ProcessingRequest;
import io.latticeshop.web.peers.ProcessingResult;
import io.latticeshop.web.system.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;

/**
 * Places orders: customer from the ERP, verdict from the order processor, then one
 * insert. Both peers are asked before anything is written, so a peer failure leaves
 * nothing behind. An idempotency key is scoped to the customer and the request's
 * fingerprint, so that it never finds another shopper's order (shoppers have no
 * identity); the database's unique constraint on the three makes concurrent retries, on
 * any number of instances, collapse into the one order that was stored first.
 */
@Service
class OrderService {

	static final String ERP = "erp";

	// What the order's columns hold (db/migration/V1__shop_order.sql): a peer's answer
	// that does not fit is the peer's fault, not a database error.
	private static final int MAX_CUSTOMER_NAME = 400;

	private static final int MAX_TIER = 20;

	private static final int MAX_SKU = 64;

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	/** The problem type the ERP answers an unknown customer with. */
	static final String CUSTOMER_NOT_FOUND = Problems.type("customer-not-found").toString();

	static final String ORDER_PROCESSOR = "order-processor";

	// Processor reasons are free text; the column is bounded.
	private static final int MAX_REASON = 1000;

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository orders;

	private final ErpClient erp;

	private final OrderProcessorClient processor;

	private final OrderIds ids;

	private final Clock clock;

	OrderService(OrderRepository orders, ErpClient erp, OrderProcessorClient processor, OrderIds ids, Clock clock) {
		this.orders = orders;
		this.erp = erp;
		this.processor = processor;
		this.ids = ids;
		this.clock = clock;
	}

	/**
	 * An order and whether it was placed just now or earlier under the same key.
	 *
	 * @param order the stored order
	 * @param replayed {@code true} when an earlier request with the same idempotency key
	 * stored it
	 */
	record Placement(ShopOrder order, boolean replayed) {
	}

	Placement place(PlaceOrderRequest request, String idempotencyKey) {
		String fingerprint = request.fingerprint();
		if (idempotencyKey != null) {
			Optional<ShopOrder> earlier = this.orders.findByIdempotencyKey(idempotencyKey, request.customerId(),
					fingerprint);
			if (earlier.isPresent()) {
				return replay(earlier.get(), idempotencyKey);
			}
		}
		Customer customer = customer(request.customerId());
		String orderId = this.ids.next();
		ProcessingResult result = process(new ProcessingRequest(orderId, request.customerId(), customer.tier(),
				request.items()
					.stream()
					.map((item) -> new ProcessingRequest.Item(item.sku(), item.quantity()))
					.toList()));
		ShopOrder order = order(orderId, request.customerId(), customer, result, idempotencyKey, fingerprint);
		try {
			ShopOrder stored = this.orders.insert(order);
			log.info("Order {} {} for customer {}: {} line(s), total {} {}{}", stored.id(), stored.status(),
					stored.customerId(), stored.lines().size(), stored.total(), stored.currency(),
					stored.isAccepted() ? "" : ", reasons " + stored.reasonTexts());
			return new Placement(stored, false);
		}
		catch (DuplicateKeyException ex) {
			// A concurrent retry with this key was stored first: answer with that.
			ShopOrder winner = (idempotencyKey != null)
					? this.orders.findByIdempotencyKey(idempotencyKey, request.customerId(), fingerprint).orElse(null)
					: null;
			if (winner == null) {
				throw ex;
			}
			return replay(winner, idempotencyKey);
		}
	}

	/**
	 * An accepted order's invoice, from the ERP (which reads the order back from this web
	 * server): two more Lattice hops.
	 */
	Invoice invoice(String id) {
		ShopOrder order = find(id).orElseThrow(() -> new OrderNotFoundException(id));
		if (!order.isAccepted()) {
			throw new OrderNotInvoiceableException(id, order.status());
		}
		Invoice invoice;
		try {
			invoice = this.erp.invoice(id);
		}
		catch (RestClientException ex) {
			throw unusable(ERP, ex);
		}
		if (invoice == null || !id.equals(invoice.orderId()) || invoice.total() != invoice.net() + invoice.tax()) {
			throw unusable(ERP, "an invoice that is not order " + id + "'s or does not add up", null);
		}
		log.info("Invoice for order {}: total {} {}", id, invoice.total(), invoice.currency());
		return invoice;
	}

	Optional<ShopOrder> find(String id) {
		return this.orders.findById(id);
	}

	/**
	 * One page of a customer's orders, newest first.
	 * @param customerId the customer
	 * @param limit the most orders on the page
	 * @param before the id of the last order of the previous page, or null for the first
	 * @return the page, and the id to ask for the next one with when there is one
	 * @throws InvalidRequestException if {@code before} is not one of the customer's
	 * orders
	 */
	Page findByCustomer(String customerId, int limit, String before) {
		ShopOrder after = null;
		if (before != null) {
			after = this.orders.findById(before)
				.filter((order) -> order.customerId().equals(customerId))
				.orElseThrow(
						() -> new InvalidRequestException("before", "must be the id of one of the customer's orders"));
		}
		// One more than asked for tells whether there is a next page.
		List<ShopOrder> found = this.orders.findByCustomerNewestFirst(customerId, after, limit + 1);
		if (found.size() <= limit) {
			return new Page(found, Optional.empty());
		}
		List<ShopOrder> page = found.subList(0, limit);
		return new Page(page, Optional.of(page.get(limit - 1).id()));
	}

	/** Orders of one page; {@code nextBefore} continues after its last one. */
	record Page(List<ShopOrder> orders, Optional<String> nextBefore) {

	}

	private Placement replay(ShopOrder earlier, String key) {
		log.info("Order {} {} for customer {} replayed for Idempotency-Key '{}'", earlier.id(), earlier.status(),
				earlier.customerId(), key);
		return new Placement(earlier, true);
	}

	private Customer customer(String customerId) {
		Customer customer;
		try {
			customer = this.erp.customer(customerId);
		}
		catch (HttpClientErrorException.NotFound ex) {
			// Only the ERP's own "no such customer" is the caller's mistake; any
			// other 404 (a wrong peer URL, a renamed route) is a fault to be seen as one.
			if (!ex.getResponseBodyAsString().contains(CUSTOMER_NOT_FOUND)) {
				throw unusable(ERP, ex);
			}
			log.info("Order refused: customer {} unknown to the ERP", customerId);
			throw new UnknownCustomerException(customerId);
		}
		catch (RestClientException ex) {
			throw unusable(ERP, ex);
		}
		if (customer == null || customer.name() == null || customer.tier() == null) {
			throw unusable(ERP, "customer " + customerId + " without name or tier", null);
		}
		if (customer.name().length() > MAX_CUSTOMER_NAME || customer.tier().length() > MAX_TIER) {
			throw unusable(ERP, "customer " + customerId + " with a name or tier longer than an order can keep", null);
		}
		return customer;
	}

	private ProcessingResult process(ProcessingRequest request) {
		ProcessingResult result;
		try {
			result = this.processor.process(request);
		}
		catch (RestClientException ex) {
			throw unusable(ORDER_PROCESSOR, ex);
		}
		if (result == null || result.status() == null || result.currency() == null) {
			throw unusable(ORDER_PROCESSOR, "a verdict without status or currency", null);
		}
		if (!request.orderId().equals(result.orderId())) {
			throw unusable(ORDER_PROCESSOR, "a verdict on order " + result.orderId() + ", not " + request.orderId(),
					null);
		}
		if (!CURRENCY.matcher(result.currency()).matches()) {
			throw unusable(ORDER_PROCESSOR, "a currency that is not an ISO 4217 code", null);
		}
		if (result.lines() != null && result.lines()
			.stream()
			.anyMatch((line) -> line == null || line.sku() == null || line.sku().length() > MAX_SKU)) {
			throw unusable(ORDER_PROCESSOR, "a priced line without a SKU an order can keep", null);
		}
		return result;
	}

	// An answer that arrived but cannot be used (unreadable, incomplete, an unexpected
	// 404) is the peer's fault, like a 5xx: 502, naming the peer. The detail goes to
	// the caller, so it says what was wrong without our class names; the log has more.
	private static PeerCallException unusable(String peer, RestClientException ex) {
		Optional<PeerCallException> failed = PeerCallException.in(ex);
		if (failed.isPresent()) {
			// Ran out of time while the answer was being read: a timeout, not garbage.
			return failed.get();
		}
		log.warn("Unusable answer from peer '{}': {}", peer, ex.toString());
		if (ex instanceof HttpStatusCodeException status) {
			return new PeerCallException(peer, PeerCallException.Failure.FAILED, status.getStatusCode(),
					"Peer '" + peer + "' answered " + status.getStatusCode().value(), ex);
		}
		return unusable(peer, "an answer that could not be read", ex);
	}

	private static PeerCallException unusable(String peer, String what, Throwable cause) {
		return new PeerCallException(peer, PeerCallException.Failure.FAILED, null,
				"Peer '" + peer + "' answered with something unusable: " + what, cause);
	}

	private ShopOrder order(String id, String customerId, Customer customer, ProcessingResult result, String key,
			String fingerprint) {
		OrderStatus status = (result.status() == ProcessingResult.Status.ACCEPTED) ? OrderStatus.ACCEPTED
				: OrderStatus.REJECTED;
		List<OrderLine> lines = (result.lines() != null) ? result.lines()
			.stream()
			.map((line) -> new OrderLine(line.sku(), line.quantity(), line.unitPrice(), line.lineTotal()))
			.toList() : List.of();
		List<OrderReason> reasons = (result.reasons() != null) ? result.reasons()
			.stream()
			.map((reason) -> new OrderReason((reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) : reason))
			.toList() : List.of();
		// Milliseconds, as the database keeps them: a stored order reads back equal.
		Instant createdAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		return new ShopOrder(id, customerId, customer.name(), customer.tier(), status, lines, result.subtotal(),
				result.discount(), result.total(), result.currency(), reasons, createdAt, key, fingerprint);
	}

}
