package io.latticeshop.web.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.latticeshop.web.peers.Customer;
import io.latticeshop.web.peers.Erp;
import io.latticeshop.web.peers.Invoice;
import io.latticeshop.web.peers.OrderProcessor;
import io.latticeshop.web.peers.ProcessingRequest;
import io.latticeshop.web.peers.ProcessingResult;
import io.latticeshop.web.system.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

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

	// Processor reasons are free text; the column is bounded.
	private static final int MAX_REASON = 1000;

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository orders;

	private final Erp erp;

	private final OrderProcessor processor;

	private final OrderIds ids;

	private final Clock clock;

	OrderService(OrderRepository orders, Erp erp, OrderProcessor processor, OrderIds ids, Clock clock) {
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
		Customer customer = this.erp.customer(request.customerId()).orElseThrow(() -> {
			log.info("Order refused: customer {} unknown to the ERP", request.customerId());
			return new UnknownCustomerException(request.customerId());
		});
		String orderId = this.ids.next();
		ProcessingResult result = this.processor
			.process(new ProcessingRequest(orderId, request.customerId(), customer.tier(),
					request.items()
						.stream()
						.map((item) -> new ProcessingRequest.Item(item.sku(), item.quantity()))
						.toList()));
		ShopOrder order = order(orderId, request.customerId(), customer, result, idempotencyKey, fingerprint);
		try {
			ShopOrder stored = this.orders.insert(order);
			log.info("Order {} {} for customer {}: {} line(s), total {}{}", stored.id(), stored.status(),
					stored.customerId(), stored.lines().size(), Money.format(stored.total(), stored.currency()),
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
		Invoice invoice = this.erp.invoice(id);
		log.info("Invoice for order {}: total {}", id, Money.format(invoice.total(), invoice.currency()));
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
