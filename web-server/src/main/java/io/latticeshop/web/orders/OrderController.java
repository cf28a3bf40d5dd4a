package io.latticeshop.web.orders;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import io.latticeshop.web.system.InvalidRequestException;
import io.latticeshop.lattice.problems.Problems;

import io.latticeshop.web.peers.Invoice;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The orders API (docs/contracts.md, web-server).
 */
@RestController
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	static final int DEFAULT_PAGE = 20;

	static final int MAX_PAGE = 100;

	private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]{1,128}");

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> place(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		if (idempotencyKey != null && !PRINTABLE_ASCII.matcher(idempotencyKey).matches()) {
			throw new InvalidRequestException(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters");
		}
		OrderService.Placement placement = this.orders.place(request, idempotencyKey);
		ShopOrder order = placement.order();
		ResponseEntity.BodyBuilder response = ResponseEntity
			.status(order.isAccepted() ? HttpStatus.CREATED : HttpStatus.UNPROCESSABLE_CONTENT)
			.location(URI.create("/api/orders/" + order.id()));
		if (placement.replayed()) {
			response.header(REPLAYED, "true");
		}
		if (order.isAccepted()) {
			return response.body(OrderView.of(order));
		}
		// Stored, and still an error for the client: the order cannot be fulfilled.
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("order-rejected"),
				"Order rejected",
				"The order processor rejected order " + order.id() + ": " + String.join("; ", order.reasonTexts()));
		problem.setProperty("orderId", order.id());
		problem.setProperty("reasons", order.reasonTexts());
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@GetMapping("/{id}")
	OrderView get(@PathVariable String id) {
		return this.orders.find(id).map(OrderView::of).orElseThrow(() -> new OrderNotFoundException(id));
	}

	/**
	 * The order's invoice, made by the ERP: web server to ERP to web server, through
	 * Lattice.
	 */
	@GetMapping("/{id}/invoice")
	Invoice invoice(@PathVariable String id) {
		return this.orders.invoice(id);
	}

	/**
	 * A customer's orders, newest first, a page at a time: a {@code Link} header with
	 * {@code rel="next"} points at the next page while there is one.
	 */
	@GetMapping
	ResponseEntity<List<OrderView>> list(@RequestParam String customerId,
			@RequestParam(defaultValue = "" + DEFAULT_PAGE) int limit, @RequestParam(required = false) String before) {
		if (customerId.isBlank()) {
			throw new InvalidRequestException("customerId", "is required");
		}
		if (limit < 1 || limit > MAX_PAGE) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_PAGE);
		}
		OrderService.Page page = this.orders.findByCustomer(customerId, limit, before);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		page.nextBefore()
			.ifPresent((next) -> response.header(HttpHeaders.LINK,
					"<" + UriComponentsBuilder.fromPath("/api/orders")
						.queryParam("customerId", customerId)
						.queryParam("limit", limit)
						.queryParam("before", next)
						.encode()
						.toUriString() + ">; rel=\"next\""));
		return response.body(page.orders().stream().map(OrderView::of).toList());
	}

}
