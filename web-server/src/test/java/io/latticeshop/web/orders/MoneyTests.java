package io.latticeshop.web.orders;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTests {

	@Test
	void minorUnitsReadAsTheCurrencysAmount() {
		assertThat(Money.format(4137, "EUR")).isEqualTo("41.37 EUR");
		assertThat(Money.format(5, "EUR")).isEqualTo("0.05 EUR");
		assertThat(Money.format(-130, "EUR")).isEqualTo("-1.30 EUR");
		assertThat(Money.format(500, "JPY")).isEqualTo("500 JPY");
		// A code the JDK does not know is read with two decimals.
		assertThat(Money.format(4137, "XYZ")).isEqualTo("41.37 XYZ");
	}

}
