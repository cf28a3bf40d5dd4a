package io.latticeshop.orders.lattice;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.pricing.OrderRequest;
import io.latticeshop.orders.pricing.PricedOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The function Spring Cloud Function invokes for every Lambda event: a Lattice event in,
 * a Lattice response out.
 * <p>
 * It takes the raw event stream because the AWS adapter recognises only API Gateway
 * events: given any other input type it parses the event itself, copies the event's
 * headers into message headers, and throws on anything that is not JSON. With an
 * {@link InputStream} it hands the bytes over untouched, so every event, however hostile,
 * reaches this class and gets a Lattice response.
 */
public final class OrderEventHandler implements Function<Message<InputStream>, Message<byte[]>> {

	/** Lambda refuses larger synchronous payloads; a base64 6 MB body still fits. */
	static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

	/** An order of the largest allowed size is a few kilobytes. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	static final String ROUTE_PATH = "/orders/process";

	private static final Logger logger = LoggerFactory.getLogger(OrderEventHandler.class);

	private static final String JSON = "application/json";

	private static final String PROBLEM_JSON = "application/problem+json";

	private final JsonMapper json;

	private final LatticeEvents events;

	private final OrderPricing pricing;

	public OrderEventHandler(OrderPricing pricing) {
		this.json = LatticeJson.mapper();
		this.events = new LatticeEvents(this.json);
		this.pricing = pricing;
	}

	@Override
	public Message<byte[]> apply(Message<InputStream> event) {
		long started = System.nanoTime();
		Object context = event.getHeaders().get("aws-context");
		String requestId = (context instanceof Context lambda) ? lambda.getAwsRequestId() : null;
		LatticeRequest request = null;
		LatticeResponse response;
		try {
			request = this.events.read(readEvent(event.getPayload()));
			response = route(request);
		}
		catch (BadEventException ex) {
			response = problem(ex.status(), ex.kind(), ex.getMessage(), (request != null) ? request.path() : null);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Failed to process event requestId={}", CallerIdentity.clean(requestId), ex);
			response = problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.Kind.INTERNAL_ERROR,
					"The order processor failed; the request may be retried", null);
		}
		log(request, response, requestId, started);
		return MessageBuilder.withPayload(this.json.writeValueAsBytes(response)).build();
	}

	private static byte[] readEvent(InputStream input) throws IOException, BadEventException {
		if (input == null) {
			return new byte[0];
		}
		byte[] event = input.readNBytes(MAX_EVENT_BYTES + 1);
		if (event.length > MAX_EVENT_BYTES) {
			throw new BadEventException(HttpStatus.CONTENT_TOO_LARGE, Problems.Kind.EVENT_TOO_LARGE,
					"The event exceeds " + MAX_EVENT_BYTES + " bytes");
		}
		return event;
	}

	private LatticeResponse route(LatticeRequest request) throws BadEventException {
		if (!ROUTE_PATH.equals(request.path())) {
			return problem(HttpStatus.NOT_FOUND, Problems.Kind.NOT_FOUND,
					"No route for " + request.method() + " " + CallerIdentity.clean(request.path()), request.path());
		}
		if (!"POST".equals(request.method())) {
			return LatticeResponse.of(HttpStatus.METHOD_NOT_ALLOWED, PROBLEM_JSON,
					this.json.writeValueAsBytes(Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
							Problems.Kind.METHOD_NOT_ALLOWED, ROUTE_PATH + " accepts only POST", request.path())),
					Map.of("Allow", "POST"));
		}
		return processOrder(request);
	}

	private LatticeResponse processOrder(LatticeRequest request) throws BadEventException {
		String contentType = request.firstHeader("content-type");
		if (contentType != null && !isJson(contentType)) {
			throw new BadEventException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.Kind.UNSUPPORTED_MEDIA_TYPE,
					"Orders are sent as application/json, not " + CallerIdentity.clean(contentType));
		}
		if (request.body().length > MAX_BODY_BYTES) {
			throw new BadEventException(HttpStatus.CONTENT_TOO_LARGE, Problems.Kind.EVENT_TOO_LARGE,
					"The request body exceeds " + MAX_BODY_BYTES + " bytes");
		}
		OrderRequest order = readOrder(request.body());
		List<OrderRequest.FieldViolation> violations = order.violations();
		if (!violations.isEmpty()) {
			ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.Kind.INVALID_ORDER,
					"The order has invalid fields", request.path());
			problem.setProperty("errors", violations);
			return LatticeResponse.of(HttpStatus.BAD_REQUEST, PROBLEM_JSON, this.json.writeValueAsBytes(problem),
					Map.of());
		}
		PricedOrder priced = this.pricing.apply(order);
		return LatticeResponse.of(HttpStatus.OK, JSON, this.json.writeValueAsBytes(priced), Map.of());
	}

	private OrderRequest readOrder(byte[] body) throws BadEventException {
		if (body.length == 0) {
			throw new BadEventException(HttpStatus.BAD_REQUEST, Problems.Kind.MALFORMED_JSON,
					"The request has no body; an order is expected");
		}
		try {
			OrderRequest order = this.json.readValue(body, OrderRequest.class);
			if (order == null) {
				throw new BadEventException(HttpStatus.BAD_REQUEST, Problems.Kind.MALFORMED_JSON,
						"The request body is null; an order is expected");
			}
			return order;
		}
		catch (JacksonException ex) {
			throw new BadEventException(HttpStatus.BAD_REQUEST, Problems.Kind.MALFORMED_JSON,
					"The request body is not a valid order: " + CallerIdentity.clean(ex.getOriginalMessage()));
		}
	}

	private static boolean isJson(String contentType) {
		String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return type.equals(JSON) || type.endsWith("+json");
	}

	private LatticeResponse problem(HttpStatus status, Problems.Kind kind, String detail, String path) {
		return LatticeResponse.of(status, PROBLEM_JSON,
				this.json.writeValueAsBytes(Problems.of(status, kind, detail, path)), Map.of());
	}

	private static void log(LatticeRequest request, LatticeResponse response, String requestId, long started) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long micros = (System.nanoTime() - started) / 1_000;
		if (request == null) {
			logger.info("event rejected status={} requestId={} tookMicros={}", response.statusCode(),
					CallerIdentity.clean(requestId), micros);
			return;
		}
		logger.info("{} {} {} status={} {} requestId={} tookMicros={}", request.version(),
				CallerIdentity.clean(request.method()), CallerIdentity.clean(request.path()), response.statusCode(),
				request.caller().describe(), CallerIdentity.clean(requestId), micros);
	}

}
