package io.latticeshop.web.orders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.latticeshop.web.system.JsonStrictness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What a client sends that the shop cannot take, and how it is told: always
 * {@code application/problem+json} with a stable type, never a 500, and the service is
 * not even asked.
 */
@WebMvcTest(OrderController.class)
@Import(JsonStrictness.class)
class OrderControllerTests {

	private static final String PROBLEMS = "https://latticeshop.io/problems/";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	OrderService orders;

	@Test
	void validOrderIsPlacedWithUnknownFieldsIgnored() throws Exception {
		ShopOrder order = order("ORD-01JZ0000000000000000000001", OrderStatus.ACCEPTED, List.of());
		PlaceOrderRequest bound = new PlaceOrderRequest("C-1001", List.of(new PlaceOrderRequest.Item("SKU-1", 2)));
		given(this.orders.place(bound, null)).willReturn(new OrderService.Placement(order, false));

		placeOrder("""
				{"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":2,"gift":true}],"coupon":"X"}""")
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/orders/" + order.id()))
			.andExpect(jsonPath("$.id").value(order.id()))
			.andExpect(jsonPath("$.createdAt").value("2026-11-29T04:00:00Z"))
			.andExpect(jsonPath("$.idempotencyKey").doesNotExist());
		then(this.orders).should().place(bound, null);
		then(this.orders).shouldHaveNoMoreInteractions();
	}

	@Test
	void rejectedOrderIsAProblemWithLocationAndReasons() throws Exception {
		ShopOrder order = order("ORD-01JZ0000000000000000000002", OrderStatus.REJECTED,
				List.of(new OrderReason("SKU-99: unknown SKU")));
		PlaceOrderRequest bound = new PlaceOrderRequest("C-1001", List.of(new PlaceOrderRequest.Item("SKU-99", 1)));
		given(this.orders.place(bound, "key-1")).willReturn(new OrderService.Placement(order, false));

		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", "key-1")
				.content("{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-99\",\"quantity\":1}]}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Location", "/api/orders/" + order.id()))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "order-rejected"))
			.andExpect(jsonPath("$.orderId").value(order.id()))
			.andExpect(jsonPath("$.reasons[0]").value("SKU-99: unknown SKU"));
		then(this.orders).should().place(bound, "key-1");
		then(this.orders).shouldHaveNoMoreInteractions();
	}

	// @formatter:off
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			missing customer    | {"items":[{"sku":"SKU-1","quantity":1}]}                          | customerId
			null customer       | {"customerId":null,"items":[{"sku":"SKU-1","quantity":1}]}        | customerId
			blank customer      | {"customerId":"","items":[{"sku":"SKU-1","quantity":1}]}          | customerId
			odd customer        | {"customerId":"C 1001/../x","items":[{"sku":"SKU-1","quantity":1}]} | customerId
			numeric customer    | {"customerId":1001,"items":[{"sku":"SKU-1","quantity":1}]}        | customerId
			missing items       | {"customerId":"C-1001"}                                           | items
			empty items         | {"customerId":"C-1001","items":[]}                                | items
			items not a list    | {"customerId":"C-1001","items":{"sku":"SKU-1"}}                   | items
			null item           | {"customerId":"C-1001","items":[null]}                            | items[0]
			missing sku         | {"customerId":"C-1001","items":[{"quantity":1}]}                  | items[0].sku
			missing quantity    | {"customerId":"C-1001","items":[{"sku":"SKU-1"}]}                 | items[0].quantity
			zero quantity       | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":0}]}    | items[0].quantity
			negative quantity   | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":-3}]}   | items[0].quantity
			huge quantity       | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":1001}]} | items[0].quantity
			overflowing quantity| {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":99999999999999}]} | items[0].quantity
			text quantity       | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":"two"}]} | items[0].quantity
			quoted quantity     | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":"2"}]}  | items[0].quantity
			fractional quantity | {"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":2.5}]}  | items[0].quantity
			""")
	// @formatter:on
	void badFieldIs400NamingTheField(String name, String body, String field) throws Exception {
		placeOrder(body).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.errors[*].field", hasItem(field)))
			.andExpect(jsonPath("$.detail").value(containsString(field)));
		verifyNoInteractions(this.orders);
	}

	// The last of two values would win silently: an order for another customer than the
	// one the client's own code may have checked.
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"customerId":"C-1001","customerId":"C-1002","items":[{"sku":"SKU-1","quantity":1}]}      | customerId
			{"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":1,"quantity":9}]}              | items[0].quantity
			{"customerId":"C-1001","items":[{"sku":"SKU-1","quantity":1}],"items":[]}                 | items
			""")
	void duplicateKeyIs400NamingTheField(String body, String field) throws Exception {
		placeOrder(body).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].message").value("appears more than once"))
			.andExpect(jsonPath("$.detail").value(field + ": appears more than once"));
		verifyNoInteractions(this.orders);
	}

	// Worded as the order processor words them (shop-contracts' JsonBodies).
	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"customerId":                 | The request body is not valid JSON \\(line 1, column \\d+\\)
			[]                             | The request body must be one JSON object
			``                             | The request has no body; a JSON object is expected
			""")
	void anUnreadableBodyIs400SayingWhatIsWrongWithIt(String body, String detail) throws Exception {
		placeOrder(body).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.detail").value(matchesPattern(detail)));
		verifyNoInteractions(this.orders);
	}

	@Test
	void moreThan100ItemsIs400() throws Exception {
		String items = IntStream.rangeClosed(1, 101)
			.mapToObj((i) -> "{\"sku\":\"SKU-1\",\"quantity\":1}")
			.collect(Collectors.joining(","));

		placeOrder("{\"customerId\":\"C-1001\",\"items\":[" + items + "]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("items"));
		verifyNoInteractions(this.orders);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}",
			"{customerId: 'C-1001'}", "not json", "", "[]", "\"C-1001\"", "null" })
	void malformedBodyIs400(String body) throws Exception {
		placeOrder(body).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"));
		verifyNoInteractions(this.orders);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "caf\u00e9", "tab\there" })
	void badIdempotencyKeyIs400(String key) throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", key)
				.content("{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("Idempotency-Key")));
		verifyNoInteractions(this.orders);
	}

	@Test
	void idempotencyKeyOver128CharactersIs400() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", "k".repeat(129))
				.content("{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("Idempotency-Key")));
	}

	@Test
	void declaredBodyOver64KiBIs413() throws Exception {
		String body = "{\"customerId\":\"" + "C".repeat(64 * 1024) + "\",\"items\":[]}";

		placeOrder(body).andExpect(status().isContentTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void wrongMethodIs405() throws Exception {
		this.mvc.perform(delete("/api/orders/ORD-1"))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "method-not-allowed"));
	}

	@Test
	void wrongContentTypeIs415() throws Exception {
		this.mvc.perform(post("/api/orders").contentType(MediaType.TEXT_PLAIN).content("C-1001 SKU-1 x2"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void unacceptableResponseTypeIs406BeforeAnythingIsPlaced() throws Exception {
		this.mvc
			.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_HTML)
				.content("{\"customerId\":\"C-1001\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1}]}"))
			.andExpect(status().isNotAcceptable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-acceptable"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void unknownOrderIs404() throws Exception {
		given(this.orders.find("ORD-NOPE")).willReturn(Optional.empty());

		this.mvc.perform(get("/api/orders/ORD-NOPE"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "order-not-found"));
	}

	@Test
	void listingWithoutCustomerIs400() throws Exception {
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("customerId")));
	}

	@Test
	void unknownPathIs404Problem() throws Exception {
		this.mvc.perform(get("/api/nothing-here"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
	}

	@Test
	void unexpectedFailureIs500WithoutInternals() throws Exception {
		given(this.orders.find("ORD-BOOM")).willThrow(new IllegalStateException("secret table name"));

		this.mvc.perform(get("/api/orders/ORD-BOOM"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "internal-error"))
			.andExpect(content().string(not(containsString("secret"))));
	}

	private ResultActions placeOrder(String body) throws Exception {
		return this.mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private static ShopOrder order(String id, OrderStatus status, List<OrderReason> reasons) {
		List<OrderLine> lines = (status == OrderStatus.ACCEPTED) ? List.of(new OrderLine("SKU-1", 2, 1299, 2598))
				: List.of();
		return new ShopOrder(id, "C-1001", "Ada Lovelace", "GOLD", status, lines, 2598, 130, 2468, "EUR", reasons,
				Instant.parse("2026-11-29T04:00:00Z"), null, "hash");
	}

}
