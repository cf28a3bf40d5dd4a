package io.latticeshop.erp.invoices;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * VAT by the billing country. A shop-sized table: the standard rate of the countries the
 * shop's customers live in, and a default for every other country.
 */
final class TaxRates {

	static final BigDecimal DEFAULT = new BigDecimal("0.20");

	private static final Map<String, BigDecimal> STANDARD_RATES = Map.ofEntries(
	// @formatter:off
			rate("AT", "0.20"),
			rate("BE", "0.21"),
			rate("DE", "0.19"),
			rate("ES", "0.21"),
			rate("FR", "0.20"),
			rate("GB", "0.20"),
			rate("IE", "0.23"),
			rate("IT", "0.22"),
			rate("LU", "0.17"),
			rate("NL", "0.21"));
	// @formatter:on

	private TaxRates() {
	}

	static BigDecimal forCountry(String country) {
		if (country == null) {
			return DEFAULT;
		}
		return STANDARD_RATES.getOrDefault(country.strip().toUpperCase(Locale.ROOT), DEFAULT);
	}

	private static Map.Entry<String, BigDecimal> rate(String country, String rate) {
		return Map.entry(country, new BigDecimal(rate));
	}

}
