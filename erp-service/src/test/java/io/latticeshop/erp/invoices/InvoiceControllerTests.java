package io.latticeshop.erp.invoices;

import java.util.List;
import java.util.stream.Stream;

import io.latticeshop.lattice.client.PeerCallException;
import io.latticeshop.lattice.server.LatticeServerAutoConfiguration;
import io.latticeshop.erp.customers.CustomerRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;

import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.ArgumentMatchers.anyString;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(InvoiceController.class)
@Import({ InvoiceService.class, CustomerRepository.class })
@ImportAutoConfiguration(LatticeServerAutoConfiguration.class)
class InvoiceControllerTests {

	private static final String ORDER_ID = "ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private WebServerOrders orders;

	@Test
	void invoiceJoinsTheOrderWithTheCustomerAsTheContractShowsIt() throws Exception {
		given(this.orders.order(ORDER_ID)).willReturn(new Order(ORDER_ID, "C-1001", "ACCEPTED",
				List.of(new Order.Line("SKU-1", 2, 1299, 2598)), 2598, 260, 2338, "EUR"));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(content().json("""
					{"orderId":"ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H","customerId":"C-1001",
					 "customer":{"name":"Ada Lovelace","email":"ada@example.com",
					   "address":{"street":"12 St James's Sq","city":"London","postalCode":"SW1Y 4JH","country":"GB"}},
					 "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1299,"lineTotal":2598}],
					 "discount":260,"net":2338,"taxRate":"0.20","tax":468,"total":2806,"currency":"EUR"}
					""", JsonCompareMode.STRICT));
	}

	@Test
	void rejectedOrderIsNotInvoiceable() throws Exception {
		given(this.orders.order(ORDER_ID))
			.willReturn(new Order(ORDER_ID, "C-1001", "REJECTED", List.of(), 0, 0, 0, "EUR"));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/order-not-invoiceable"))
			.andExpect(jsonPath("$.orderId").value(ORDER_ID));
	}

	@Test
	void orderOfACustomerUnknownToTheErpIsNotInvoiceable() throws Exception {
		given(this.orders.order(ORDER_ID)).willReturn(new Order(ORDER_ID, "C-4242", "ACCEPTED",
				List.of(new Order.Line("SKU-1", 1, 100, 100)), 100, 0, 100, "EUR"));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/order-not-invoiceable"))
			.andExpect(jsonPath("$.detail").value(containsString("C-4242")));
	}

	@Test
	void orderUnknownToTheWebServerIsNotFound() throws Exception {
		given(this.orders.order(ORDER_ID))
			.willThrow(HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found", null, null, null));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/order-not-found"));
	}

	@Test
	void malformedOrderIdIsRefusedWithoutAskingTheWebServer() throws Exception {
		this.mvc.perform(get("/api/invoices/{id}", "12345"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/invalid-request"))
			.andExpect(jsonPath("$.errors[0].field").value("orderId"))
			.andExpect(jsonPath("$.errors[0].message").isNotEmpty());
		verify(this.orders, never()).order(anyString());
	}

	@Test
	void otherOrderIdShapesAfterTheOrdPrefixAreAccepted() throws Exception {
		given(this.orders.order("ORD-test-7")).willReturn(new Order("ORD-test-7", "C-1003", "ACCEPTED",
				List.of(new Order.Line("SKU-3", 1, 450, 450)), 450, 0, 450, "EUR"));

		this.mvc.perform(get("/api/invoices/{id}", "ORD-test-7"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.taxRate").value("0.23"))
			.andExpect(jsonPath("$.tax").value(104))
			.andExpect(jsonPath("$.total").value(554));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answersNoInvoiceCanBeMadeOf")
	void anAnswerNoInvoiceCanBeMadeOfIsTheWebServersFault(String name, Order answer) throws Exception {
		given(this.orders.order(ORDER_ID)).willReturn(answer);

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isBadGateway())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.peer").value("web-server"));
	}

	static Stream<Arguments> answersNoInvoiceCanBeMadeOf() {
		List<Order.Line> line = List.of(new Order.Line("SKU-1", 2, 1299, 2598));
		return Stream.of(arguments("no customer", new Order(ORDER_ID, null, "ACCEPTED", line, 2598, 0, 2598, "EUR")),
				arguments("no status", new Order(ORDER_ID, "C-1001", null, line, 2598, 0, 2598, "EUR")),
				arguments("someone else's order",
						new Order("ORD-OTHER", "C-1001", "ACCEPTED", line, 2598, 0, 2598, "EUR")),
				arguments("a discount over the subtotal",
						new Order(ORDER_ID, "C-1001", "ACCEPTED", line, 2598, 3000, -402, "EUR")),
				arguments("a total that is not subtotal less discount",
						new Order(ORDER_ID, "C-1001", "ACCEPTED", line, 2598, 130, 0, "EUR")),
				arguments("a line that does not add up",
						new Order(ORDER_ID, "C-1001", "ACCEPTED", List.of(new Order.Line("SKU-1", 2, 1299, 9999)), 9999,
								0, 9999, "EUR")),
				arguments("another currency", new Order(ORDER_ID, "C-1001", "ACCEPTED", line, 2598, 0, 2598, "USD")),
				arguments("amounts too large",
						new Order(ORDER_ID, "C-1001", "ACCEPTED",
								List.of(new Order.Line("SKU-1", 1, Long.MAX_VALUE, Long.MAX_VALUE)), Long.MAX_VALUE, 0,
								Long.MAX_VALUE, "EUR")));
	}

	@Test
	void anAnswerThatRanOutOfTimeWhileBeingReadIsATimeoutNotGarbage() throws Exception {
		// How RestClient hands over a body read that lattice-spring-boot-starter's
		// deadline cut short.
		given(this.orders.order(ORDER_ID)).willThrow(new RestClientException("Error while extracting response",
				new PeerCallException("web-server", PeerCallException.Failure.TIMEOUT, null,
						"Peer 'web-server' sent no complete answer within 7000 ms", null)));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isGatewayTimeout())
			.andExpect(jsonPath("$.peer").value("web-server"));
	}

	@Test
	void webServerFaultNamesThePeer() throws Exception {
		given(this.orders.order(ORDER_ID)).willThrow(new PeerCallException("web-server",
				PeerCallException.Failure.TIMEOUT, null, "Peer 'web-server' no answer within the read timeout", null));

		this.mvc.perform(get("/api/invoices/{id}", ORDER_ID))
			.andExpect(status().isGatewayTimeout())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.peer").value("web-server"));
	}

}
