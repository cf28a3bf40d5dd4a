package io.latticeshop.erp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.filter.FormContentFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ERP as {@code java -jar} starts it: default profile, no web server, no AWS
 * credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class StandaloneIT {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ApplicationContext context;

	@Test
	void noFilterReadsAFormBodyWhole() {
		// Spring's FormContentFilter would read a PUT's form body whole, however large.
		assertThat(this.context.getBeanNamesForType(FormContentFilter.class)).isEmpty();
	}

	@Test
	void answersCustomers() {
		this.client.get()
			.uri("/api/customers/C-1001")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Ada Lovelace");
	}

	@Test
	void answersAnInvoiceForAnyWellFormedOrderId() {
		this.client.get()
			.uri("/api/invoices/ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.orderId")
			.isEqualTo("ORD-01JD2X3Y4Z5A6B7C8D9E0F1G2H")
			.jsonPath("$.customerId")
			.value((id) -> assertThat((String) id).matches("C-10(0[1-9]|1\\d|20)"))
			.jsonPath("$.currency")
			.isEqualTo("EUR");
	}

}
