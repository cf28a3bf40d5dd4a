package io.latticeshop.web.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/orders}. Fields the shop does not know are ignored.
 *
 * @param customerId the ERP customer id, such as {@code C-1001}
 * @param items 1 to 100 items
 */
record PlaceOrderRequest(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String customerId,
		@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid Item> items) {

	// Ids travel into peer URLs and logs; the ERP accepts the same characters.
	static final String ID = "[A-Za-z0-9_-]{1,64}";

	static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '_' or '-'";

	/**
	 * One requested item.
	 *
	 * @param sku the SKU, such as {@code SKU-1}
	 * @param quantity 1 to 1000
	 */
	record Item(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String sku,
			@NotNull @Min(1) @Max(1000) Integer quantity) {
	}

	/**
	 * A fingerprint of what was asked for, to recognise a retry of the same order. Built
	 * from the bound values rather than the raw bytes, so that whitespace, field order
	 * and ignored fields do not make a retry look like a different order.
	 * @return SHA-256, hex
	 */
	String fingerprint() {
		StringBuilder canonical = new StringBuilder(this.customerId).append('\n');
		for (Item item : this.items) {
			canonical.append(item.sku()).append('\t').append(item.quantity()).append('\n');
		}
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
