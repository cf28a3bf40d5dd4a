package io.latticeshop.web.orders;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Money as a person reads it, for logs: {@code 4137} minor units of EUR is
 * {@code 41.37 EUR}. On the wire amounts stay minor units (docs/contracts.md).
 */
final class Money {

	private Money() {
	}

	static String format(long minorUnits, String currency) {
		int digits;
		try {
			digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			digits = 2;
		}
		return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currency;
	}

}
