package io.latticeshop.erp.invoices;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import io.latticeshop.data.Catalog;
import io.latticeshop.erp.customers.Customer;
import io.latticeshop.erp.customers.CustomerRepository;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Stands in for the web server when the ERP runs alone: every well-formed order id names
 * an accepted sample order, always the same one for the same id, for one of the seeded
 * customers. Malformed ids get the 404 the real web server would give.
 */
final class SampleOrders implements WebServerOrders {

	private static final Pattern ORDER_ID = Pattern.compile(InvoiceController.ORDER_ID_PATTERN);

	// A few products at the order processor's catalogue prices, enough for varied
	// samples.
	// The first products of the shop's catalog, at its prices.
	private static final List<Order.Line> PRODUCTS = Catalog.shop()
		.items()
		.stream()
		.limit(5)
		.map((item) -> new Order.Line(item.sku(), 1, item.unitPrice(), item.unitPrice()))
		.toList();

	private static final int SEEDED_CUSTOMERS = 20;

	private final CustomerRepository customers;

	SampleOrders(CustomerRepository customers) {
		this.customers = customers;
	}

	@Override
	public Order order(String id) {
		if (id == null || !ORDER_ID.matcher(id).matches()) {
			throw HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found", null, null, null);
		}
		// java.util.Random's sequence is specified, so a sample order is the same on
		// every JVM and every run.
		Random random = new Random(seed(id));
		String customerId = "C-" + (1001 + random.nextInt(SEEDED_CUSTOMERS));
		Customer.Tier tier = this.customers.findById(customerId).map(Customer::tier).orElse(Customer.Tier.STANDARD);
		List<Order.Line> lines = new ArrayList<>();
		int first = random.nextInt(PRODUCTS.size());
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			Order.Line product = PRODUCTS.get((first + i) % PRODUCTS.size());
			int quantity = 1 + random.nextInt(3);
			lines.add(new Order.Line(product.sku(), quantity, product.unitPrice(), product.unitPrice() * quantity));
		}
		long subtotal = lines.stream().mapToLong(Order.Line::lineTotal).sum();
		long discount = discount(subtotal, tier);
		return new Order(id, customerId, Order.ACCEPTED, List.copyOf(lines), subtotal, discount, subtotal - discount,
				Invoice.DEFAULT_CURRENCY);
	}

	// The order processor's tier discounts: 5 % GOLD, 10 % PLATINUM, half up.
	private static long discount(long subtotal, Customer.Tier tier) {
		long basisPoints = switch (tier) {
			case STANDARD -> 0;
			case GOLD -> 500;
			case PLATINUM -> 1_000;
		};
		return (subtotal * basisPoints + 5_000) / 10_000;
	}

	private static long seed(String id) {
		CRC32 crc = new CRC32();
		crc.update(id.getBytes(StandardCharsets.US_ASCII));
		return crc.getValue();
	}

}
