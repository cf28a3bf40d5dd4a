package io.latticeshop.web.peers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latticeshop.client.problems.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

/**
 * In-process stand-ins for the ERP and the order processor, so that the web server runs
 * alone ({@code java -jar}) with no other process and no AWS credentials. They behave
 * like the real peers for the seeded data: same customers, an unknown customer is a 404,
 * an unknown SKU or too many units is a rejection.
 */
@Configuration(proxyBeanMethods = false)
@Profile(StandalonePeers.PROFILE)
class StandalonePeers {

	/** The default profile: no Lattice, no peers, no credentials. */
	static final String PROFILE = "standalone";

	private static final Logger log = LoggerFactory.getLogger(StandalonePeers.class);

	@Bean
	ErpClient stubErp() {
		log.info("Profile '{}': ERP and order processor are in-process stubs", PROFILE);
		return new StubErp();
	}

	@Bean
	OrderProcessorClient stubOrderProcessor() {
		return new StubOrderProcessor();
	}

	static final class StubErp implements ErpClient {

		// @formatter:off
		// The ERP's seed (erp-service/src/main/resources/data/customers.json).
		private static final List<Customer> CUSTOMERS = List.of(
				new Customer("C-1001", "Ada Lovelace", "ada@example.com", "GOLD"),
				new Customer("C-1002", "Alan Turing", "alan@example.com", "PLATINUM"),
				new Customer("C-1003", "Grace Hopper", "grace@example.com", "STANDARD"),
				new Customer("C-1004", "Konrad Zuse", "konrad@example.com", "GOLD"),
				new Customer("C-1005", "Edsger Dijkstra", "edsger@example.com", "PLATINUM"),
				new Customer("C-1006", "Marie Curie", "marie@example.com", "STANDARD"),
				new Customer("C-1007", "Emmy Noether", "emmy@example.com", "GOLD"),
				new Customer("C-1008", "Tim Berners-Lee", "tim@example.com", "STANDARD"),
				new Customer("C-1009", "Barbara Liskov", "barbara@example.com", "PLATINUM"),
				new Customer("C-1010", "Niklaus Wirth", "niklaus@example.com", "GOLD"),
				new Customer("C-1011", "Margaret Hamilton", "margaret@example.com", "STANDARD"),
				new Customer("C-1012", "John von Neumann", "john@example.com", "GOLD"),
				new Customer("C-1013", "Frances Allen", "frances@example.com", "STANDARD"),
				new Customer("C-1014", "Dennis Ritchie", "dennis@example.com", "PLATINUM"),
				new Customer("C-1015", "Hedy Lamarr", "hedy@example.com", "STANDARD"),
				new Customer("C-1016", "Claude Shannon", "claude@example.com", "GOLD"),
				new Customer("C-1017", "Sophie Wilson", "sophie@example.com", "PLATINUM"),
				new Customer("C-1018", "Karen Spärck Jones", "karen@example.com", "STANDARD"),
				new Customer("C-1019", "Leslie Lamport", "leslie@example.com", "GOLD"),
				new Customer("C-1020", "Donald Knuth", "donald@example.com", "PLATINUM"));
		// @formatter:on

		private final Map<String, Customer> byId = new LinkedHashMap<>();

		StubErp() {
			CUSTOMERS.forEach((customer) -> this.byId.put(customer.id(), customer));
		}

		@Override
		public Invoice invoice(String orderId) {
			// The ERP makes invoices from its own customer and tax data; a stub would
			// only
			// pretend to.
			throw new HttpServerErrorException(HttpStatus.SERVICE_UNAVAILABLE,
					"invoices come from the ERP, which the standalone profile does not run");
		}

		@Override
		public Customer customer(String id) {
			Customer customer = this.byId.get(id);
			if (customer == null) {
				// What the HTTP client raises for the real ERP's 404.
				throw HttpClientErrorException.create(HttpStatus.NOT_FOUND, "Not Found", HttpHeaders.EMPTY,
						("{\"type\":\"" + Problems.type("customer-not-found") + "\",\"status\":404,"
								+ "\"detail\":\"No customer " + id + "\"}")
							.getBytes(StandardCharsets.UTF_8),
						StandardCharsets.UTF_8);
			}
			return customer;
		}

	}

	static final class StubOrderProcessor implements OrderProcessorClient {

		// The order processor's catalog: index i holds the cents of SKU-(i+1).
		// @formatter:off
		private static final long[] PRICES = {
				1299, 5490, 450, 2490, 899, 650, 1999, 2750, 1650, 2200,
				4900, 8999, 990, 1450, 2100, 1390, 399, 299, 1199, 749,
				7900, 3350, 2999, 550, 1299, 3900, 6450, 1850, 2400, 5000 };
		// @formatter:on

		// Index i holds the most units of SKU-(i+1) one order may contain.
		// @formatter:off
		private static final int[] LIMITS = {
				10, 3, 50, 5, 20, 25, 5, 4, 6, 5,
				2, 2, 12, 8, 5, 10, 40, 60, 10, 15,
				2, 3, 4, 30, 10, 3, 2, 6, 5, 1 };
		// @formatter:on

		private final Map<String, Integer> itemBySku = new LinkedHashMap<>();

		StubOrderProcessor() {
			for (int i = 0; i < PRICES.length; i++) {
				this.itemBySku.put("SKU-" + (i + 1), i);
			}
		}

		@Override
		public ProcessingResult process(ProcessingRequest request) {
			List<String> reasons = new ArrayList<>();
			List<ProcessingResult.PricedLine> lines = new ArrayList<>();
			Map<String, Integer> units = new LinkedHashMap<>();
			for (ProcessingRequest.Item item : request.items()) {
				Integer index = this.itemBySku.get(item.sku());
				if (index == null) {
					reasons.add(item.sku() + ": unknown SKU");
					continue;
				}
				long price = PRICES[index];
				lines.add(new ProcessingResult.PricedLine(item.sku(), item.quantity(), price, price * item.quantity()));
				units.merge(item.sku(), item.quantity(), Integer::sum);
			}
			units.forEach((sku, count) -> {
				int limit = LIMITS[this.itemBySku.get(sku)];
				if (count > limit) {
					reasons.add(sku + ": quantity " + count + " exceeds the per-order limit of " + limit);
				}
			});
			if (!reasons.isEmpty()) {
				return new ProcessingResult(request.orderId(), ProcessingResult.Status.REJECTED, List.of(), 0, 0, 0,
						"EUR", reasons);
			}
			long subtotal = lines.stream().mapToLong(ProcessingResult.PricedLine::lineTotal).sum();
			long discount = (subtotal * discountBasisPoints(request.customerTier()) + 5_000) / 10_000;
			return new ProcessingResult(request.orderId(), ProcessingResult.Status.ACCEPTED, lines, subtotal, discount,
					subtotal - discount, "EUR", List.of());
		}

		// As in the contract's example: GOLD earns 5 % (2598 -> 130), PLATINUM 10 %.
		private static long discountBasisPoints(String tier) {
			return switch (String.valueOf(tier)) {
				case "PLATINUM" -> 1_000;
				case "GOLD" -> 500;
				default -> 0;
			};
		}

	}

}
