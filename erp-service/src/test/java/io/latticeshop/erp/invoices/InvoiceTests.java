package io.latticeshop.erp.invoices;

import java.util.List;

import io.latticeshop.erp.customers.Customer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceTests {

	@ParameterizedTest(name = "{0}: net {1} -> tax {3} at {2}")
	@CsvSource({ "GB, 2338, 0.20, 468, 2806", // 467.6 rounds up
			"DE, 1050, 0.19, 200, 1250", // 199.5: half rounds up
			"DE, 1049, 0.19, 199, 1248", // 199.31 rounds down
			"FR, 1, 0.20, 0, 1", // 0.2 of a cent is no tax
			"NL, 50, 0.21, 11, 61", // 10.5
			"IE, 999, 0.23, 230, 1229", // 229.77
			"CH, 1000, 0.20, 200, 1200", // not in the table: default rate
			"gb, 10, 0.20, 2, 12", // country codes are not case sensitive
			"GB, 0, 0.20, 0, 0" })
	void taxIsTheCountryRateOfTheNetRoundedHalfUp(String country, long net, String rate, long tax, long total) {
		Invoice invoice = Invoice.of("ORD-1", order(net + 100, 100, net), customer(country));

		assertThat(invoice.net()).isEqualTo(net);
		assertThat(invoice.taxRate()).isEqualTo(rate);
		assertThat(invoice.tax()).isEqualTo(tax);
		assertThat(invoice.total()).isEqualTo(total);
	}

	@Test
	void netIsTheOrderTotalAfterTheDiscount() {
		Invoice invoice = Invoice.of("ORD-1", order(10_000, 1_000, 9_000), customer("GB"));

		assertThat(invoice.discount()).isEqualTo(1_000);
		assertThat(invoice.net()).isEqualTo(9_000);
		assertThat(invoice.tax()).isEqualTo(1_800);
		assertThat(invoice.total()).isEqualTo(10_800);
		assertThat(invoice.currency()).isEqualTo("EUR");
	}

	@Test
	void largeAmountsStayExact() {
		// Beyond the 2^53 that a double represents exactly.
		long net = 9_007_199_254_740_993L;
		Invoice invoice = Invoice.of("ORD-1", order(net, 0, net), customer("DE"));

		assertThat(invoice.tax()).isEqualTo(1_711_367_858_400_789L);
	}

	private static Order order(long subtotal, long discount, long total) {
		return new Order("ORD-1", "C-1", "ACCEPTED", List.of(new Order.Line("SKU-1", 1, subtotal, subtotal)), subtotal,
				discount, total, "EUR");
	}

	private static Customer customer(String country) {
		return new Customer("C-1", "Test Customer", "test@example.com", Customer.Tier.STANDARD,
				new Customer.Address("1 Test Street", "Testville", "12345", country));
	}

}
