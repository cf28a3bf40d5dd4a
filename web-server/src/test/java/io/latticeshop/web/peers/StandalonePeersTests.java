package io.latticeshop.web.peers;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StandalonePeersTests {

	private final ErpClient erp = new StandalonePeers().stubErp();

	private final OrderProcessorClient processor = new StandalonePeers().stubOrderProcessor();

	@Test
	void stubErpKnowsTheSeededCustomersInEveryTier() {
		List<Customer> customers = IntStream.rangeClosed(1001, 1020)
			.mapToObj((n) -> this.erp.customer("C-" + n))
			.toList();

		assertThat(customers).extracting(Customer::tier).contains("STANDARD", "GOLD", "PLATINUM");
		assertThat(customers).allSatisfy((customer) -> assertThat(customer.name()).isNotBlank());
		assertThat(this.erp.customer("C-1001").name()).isEqualTo("Ada Lovelace");
	}

	@Test
	void stubErpAnswersUnknownCustomersLikeTheRealClientDoes() {
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
			.isThrownBy(() -> this.erp.customer("C-9999"));
	}

	@Test
	void stubProcessorPricesTheContractExample() {
		ProcessingResult result = this.processor
			.process(new ProcessingRequest("ORD-1", "C-1001", "GOLD", List.of(new ProcessingRequest.Item("SKU-1", 2))));

		assertThat(result.status()).isEqualTo(ProcessingResult.Status.ACCEPTED);
		assertThat(result.lines()).containsExactly(new ProcessingResult.PricedLine("SKU-1", 2, 1299, 2598));
		assertThat(result.subtotal()).isEqualTo(2598);
		assertThat(result.discount()).isEqualTo(130);
		assertThat(result.total()).isEqualTo(2468);
		assertThat(result.currency()).isEqualTo("EUR");
	}

	@Test
	void stubProcessorSellsEverySkuOfTheCatalog() {
		List<ProcessingRequest.Item> everything = IntStream.rangeClosed(1, 30)
			.mapToObj((n) -> new ProcessingRequest.Item("SKU-" + n, 1))
			.toList();

		ProcessingResult result = this.processor
			.process(new ProcessingRequest("ORD-2", "C-1003", "STANDARD", everything));

		assertThat(result.status()).isEqualTo(ProcessingResult.Status.ACCEPTED);
		assertThat(result.lines()).hasSize(30).allSatisfy((line) -> assertThat(line.unitPrice()).isPositive());
		assertThat(result.discount()).isZero();
	}

	@Test
	void stubProcessorRejectsWithEveryReason() {
		ProcessingResult result = this.processor
			.process(new ProcessingRequest("ORD-3", "C-1001", "GOLD", List.of(new ProcessingRequest.Item("SKU-31", 1),
					new ProcessingRequest.Item("SKU-2", 6), new ProcessingRequest.Item("SKU-2", 5))));

		assertThat(result.status()).isEqualTo(ProcessingResult.Status.REJECTED);
		assertThat(result.reasons()).hasSize(2)
			.anySatisfy((reason) -> assertThat(reason).contains("SKU-31"))
			.anySatisfy((reason) -> assertThat(reason).contains("SKU-2").contains("11"));
		assertThat(result.total()).isZero();
	}

}
