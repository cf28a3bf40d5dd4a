package io.latticeshop.erp.customers;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRepositoryTests {

	private final CustomerRepository customers = new CustomerRepository(JsonMapper.builder().build(),
			new ClassPathResource("data/customers.json"));

	@Test
	void seedsC1001ToC1020() {
		assertThat(this.customers.count()).isEqualTo(20);
		IntStream.rangeClosed(1001, 1020)
			.mapToObj((n) -> "C-" + n)
			.forEach((id) -> assertThat(this.customers.findById(id)).as(id).isPresent());
		assertThat(this.customers.findById("C-1000")).isEmpty();
		assertThat(this.customers.findById("C-1021")).isEmpty();
	}

	@Test
	void everyTierIsPresent() {
		Set<Customer.Tier> tiers = IntStream.rangeClosed(1001, 1020)
			.mapToObj((n) -> this.customers.findById("C-" + n).orElseThrow().tier())
			.collect(Collectors.toSet());
		assertThat(tiers).isEqualTo(EnumSet.allOf(Customer.Tier.class));
	}

	@Test
	void everyCustomerHasAFullAddress() {
		IntStream.rangeClosed(1001, 1020)
			.mapToObj((n) -> this.customers.findById("C-" + n).orElseThrow())
			.forEach((c) -> {
				assertThat(c.name()).isNotBlank();
				assertThat(c.email()).contains("@");
				assertThat(c.address().country()).hasSize(2);
				assertThat(c.address().city()).isNotBlank();
			});
	}

}
