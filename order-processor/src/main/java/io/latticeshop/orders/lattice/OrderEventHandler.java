package io.latticeshop.orders.lattice;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import io.latticeshop.contracts.InvalidField;
import io.latticeshop.contracts.JsonBodies;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.pricing.OrderRequest;
import io.latticeshop.orders.pricing.PricedOrder;
import io.latticeshop.orders.tracing.InvocationTracing;
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

	private final LatticeEventReader events;

	private final Function<OrderRequest, PricedOrder> pricing;

	private final InvocationTracing tracing;

	/**
	 * {@code pricing}: {@link OrderPricing} in the function; anything that prices in
	 * tests.
	 */
	public OrderEventHandler(Function<OrderRequest, PricedOrder> pricing) {
		this(pricing, InvocationTracing.IDS_ONLY);
	}

	/** {@code tracing}: what becomes of the trace each event carries. */
	public OrderEventHandler(Function<OrderRequest, PricedOrder> pricing, InvocationTracing tracing) {
		this.json = LatticeJson.orders();
		this.events = new LatticeEventReader(LatticeJson.events());
		this.pricing = pricing;
		this.tracing = tracing;
	}

	@Override
	public Message<byte[]> apply(Message<InputStream> event) {
		long started = System.nanoTime();
		Object context = event.getHeaders().get("aws-context");
		String requestId = (context instanceof Context lambda) ? lambda.getAwsRequestId() : null;
		LatticeRequest request = null;
		InvocationTracing.Invocation trace = null;
		BadEventException refused = null;
		LatticeResponse response;
		try {
			request = this.events.read(readEvent(event.getPayload()));
			trace = this.tracing.start(request.method(), request.path(), request.headers());
			response = route(request);
		}
		catch (BadEventException ex) {
			refused = ex;
			response = problem(ex, (request != null) ? request.path() : null);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Failed to process event requestId={}", CallerIdentity.clean(requestId), ex);
			response = problem(new BadEventException(HttpStatus.INTERNAL_SERVER_ERROR,
					FunctionProblems.Kind.INTERNAL_ERROR, "The order processor failed; the request may be retried"),
					null);
		}
		if (trace != null) {
			trace.end(response.statusCode());
		}
		log(request, response, refused, requestId, (trace != null) ? trace.traceId() : "-", started);
		return MessageBuilder.withPayload(this.json.writeValueAsBytes(response)).build();
	}

	private static byte[] readEvent(InputStream input) throws IOException, BadEventException {
		if (input == null) {
			return new byte[0];
		}
		byte[] event = input.readNBytes(MAX_EVENT_BYTES + 1);
		if (event.length > MAX_EVENT_BYTES) {
			throw new BadEventException(HttpStatus.CONTENT_TOO_LARGE, FunctionProblems.Kind.PAYLOAD_TOO_LARGE,
					"The event exceeds " + MAX_EVENT_BYTES + " bytes");
		}
		return event;
	}

	private LatticeResponse route(LatticeRequest request) throws BadEventException {
		if (!ROUTE_PATH.equals(request.path())) {
			throw new BadEventException(HttpStatus.NOT_FOUND, FunctionProblems.Kind.NOT_FOUND,
					"No route for " + request.method() + " " + CallerIdentity.clean(request.path()));
		}
		if (!"POST".equals(request.method())) {
			throw new BadEventException(HttpStatus.METHOD_NOT_ALLOWED, FunctionProblems.Kind.METHOD_NOT_ALLOWED,
					ROUTE_PATH + " accepts only POST", List.of(), Map.of("Allow", "POST"));
		}
		return processOrder(request);
	}

	private LatticeResponse processOrder(LatticeRequest request) throws BadEventException {
		String contentType = request.firstHeader("content-type");
		if (contentType != null && !isUtf8Json(contentType)) {
			throw new BadEventException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, FunctionProblems.Kind.UNSUPPORTED_MEDIA_TYPE,
					"Orders are sent as application/json in UTF-8, not " + CallerIdentity.clean(contentType));
		}
		if (request.body().length > MAX_BODY_BYTES) {
			throw new BadEventException(HttpStatus.CONTENT_TOO_LARGE, FunctionProblems.Kind.PAYLOAD_TOO_LARGE,
					"The request body exceeds " + MAX_BODY_BYTES + " bytes");
		}
		OrderRequest order = readOrder(request.body());
		List<InvalidField> violations = order.violations();
		if (!violations.isEmpty()) {
			throw invalid(violations);
		}
		PricedOrder priced = this.pricing.apply(order);
		return LatticeResponse.of(HttpStatus.OK, JSON, this.json.writeValueAsBytes(priced), Map.of());
	}

	private OrderRequest readOrder(byte[] body) throws BadEventException {
		if (body.length == 0) {
			throw new BadEventException(HttpStatus.BAD_REQUEST, FunctionProblems.Kind.INVALID_REQUEST,
					JsonBodies.NO_BODY);
		}
		try {
			OrderRequest order = this.json.readValue(body, OrderRequest.class);
			if (order == null) {
				throw new BadEventException(HttpStatus.BAD_REQUEST, FunctionProblems.Kind.INVALID_REQUEST,
						JsonBodies.NOT_AN_OBJECT);
			}
			return order;
		}
		catch (JacksonException ex) {
			throw unreadable(ex);
		}
	}

	// The body's faults, worded as every service words them (shop-contracts).
	private static BadEventException unreadable(JacksonException ex) {
		return JsonBodies.invalidField(ex)
			.map((field) -> invalid(List.of(field)))
			.orElseGet(() -> new BadEventException(HttpStatus.BAD_REQUEST, FunctionProblems.Kind.INVALID_REQUEST,
					JsonBodies.detail(ex)));
	}

	private static BadEventException invalid(List<InvalidField> fields) {
		List<InvalidField> sorted = fields.stream().sorted(InvalidField.ORDER).toList();
		return new BadEventException(HttpStatus.BAD_REQUEST, FunctionProblems.Kind.INVALID_REQUEST,
				InvalidField.detail(sorted), sorted, Map.of());
	}

	private static boolean isUtf8Json(String contentType) {
		String[] parts = contentType.split(";");
		String type = parts[0].trim().toLowerCase(Locale.ROOT);
		if (!type.equals(JSON) && !type.endsWith("+json")) {
			return false;
		}
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
			if (parameter.startsWith("charset=")) {
				String charset = parameter.substring("charset=".length()).replace("\"", "");
				return charset.equals("utf-8") || charset.equals("utf8");
			}
		}
		return true;
	}

	private LatticeResponse problem(BadEventException ex, String path) {
		ProblemDetail problem = FunctionProblems.of(ex.status(), ex.kind(), ex.getMessage(), path);
		if (!ex.errors().isEmpty()) {
			problem.setProperty("errors", ex.errors());
		}
		return LatticeResponse.of(ex.status(), PROBLEM_JSON, this.json.writeValueAsBytes(problem), ex.headers());
	}

	/**
	 * One line per event. Lattice's request id ({@code x-amzn-requestid}, the
	 * {@code requestId} of its access log) ties the line to the access log entry,
	 * Lambda's to the {@code REPORT} line, the trace id to the caller's trace; a refusal
	 * says why.
	 */
	private static void log(LatticeRequest request, LatticeResponse response, BadEventException refused,
			String requestId, String traceId, long started) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long micros = (System.nanoTime() - started) / 1_000;
		String why = (refused != null)
				? " problem=" + refused.kind().slug() + " detail=\"" + CallerIdentity.clean(refused.getMessage()) + "\""
				: "";
		if (request == null) {
			logger.info("event rejected status={}{} requestId={} tookMicros={}", response.statusCode(), why,
					CallerIdentity.clean(requestId), micros);
			return;
		}
		logger.info("{} {} {} status={}{} {} latticeRequestId={} requestId={} traceId={} tookMicros={}",
				request.version(), CallerIdentity.clean(request.method()), CallerIdentity.clean(request.path()),
				response.statusCode(), why, request.caller().describe(),
				CallerIdentity.clean(request.firstHeader("x-amzn-requestid")), CallerIdentity.clean(requestId), traceId,
				micros);
	}

}
