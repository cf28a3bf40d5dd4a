package io.latticeshop.erp.invoices;

import java.util.stream.IntStream;

import io.latticeshop.erp.customers.CustomerRepository;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SampleOrdersTests {

	private final CustomerRepository customers = new CustomerRepository(JsonMapper.builder().build(),
			new ClassPathResource("data/customers.json"));

	private final SampleOrders orders = new SampleOrders(this.customers);

	@Test
	void sameIdSameOrder() {
		String id = "ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H";

		assertThat(this.orders.order(id)).isEqualTo(new SampleOrders(this.customers).order(id));
	}

	@Test
	void everyWellFormedIdIsAnAcceptedOrderOfASeededCustomerThatAddsUp() {
		for (int i = 0; i < 200; i++) {
			String id = "ORD-01JD2X3Y4Z5A6B7C8D9E%04d".formatted(i);
			Order order = this.orders.order(id);

			assertThat(order.id()).isEqualTo(id);
			assertThat(order.isAccepted()).isTrue();
			assertThat(this.customers.findById(order.customerId())).isPresent();
			assertThat(order.lines()).isNotEmpty()
				.allSatisfy((line) -> assertThat(line.lineTotal()).isEqualTo(line.unitPrice() * line.quantity()));
			assertThat(order.subtotal()).isEqualTo(order.lines().stream().mapToLong(Order.Line::lineTotal).sum());
			assertThat(order.total()).isEqualTo(order.subtotal() - order.discount());
			assertThat(order.currency()).isEqualTo("EUR");
		}
	}

	@Test
	void differentIdsSpreadOverTheCustomers() {
		long distinct = IntStream.range(0, 200)
			.mapToObj((i) -> this.orders.order("ORD-sample-" + i).customerId())
			.distinct()
			.count();

		assertThat(distinct).isGreaterThan(10);
	}

	@Test
	void malformedIdIsNotFoundLikeTheRealWebServerSaysIt() {
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class).isThrownBy(() -> this.orders.order("12345"));
	}

}
