package io.latticeshop.web.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.latticeshop.data.Catalog;
import io.latticeshop.data.CatalogItem;
import io.latticeshop.data.Customers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

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

		// The ERP's own seed: the same customers, whichever way the web server runs.
		private static final List<Customer> CUSTOMERS = readCustomers();

		private final Map<String, Customer> byId = new LinkedHashMap<>();

		StubErp() {
			CUSTOMERS.forEach((customer) -> this.byId.put(customer.id(), customer));
		}

		private static List<Customer> readCustomers() {
			try (InputStream in = StandalonePeers.class.getClassLoader().getResourceAsStream(Customers.RESOURCE)) {
				if (in == null) {
					throw new IllegalStateException(Customers.RESOURCE + " is not on the classpath (shop-data)");
				}
				// Each entry also has an address, which the shop front has no use for.
				return List.of(JsonMapper.builder()
					.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
					.build()
					.readValue(in, Customer[].class));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
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
				throw HttpClientErrorException
					.create(HttpStatus.NOT_FOUND, "Not Found", HttpHeaders.EMPTY,
							("{\"type\":\"" + Erp.CUSTOMER_NOT_FOUND + "\",\"status\":404,"
									+ "\"detail\":\"No customer " + id + "\"}")
								.getBytes(StandardCharsets.UTF_8),
							StandardCharsets.UTF_8);
			}
			return customer;
		}

	}

	static final class StubOrderProcessor implements OrderProcessorClient {

		// The order processor's own catalog: its prices and per-order limits.
		private final Catalog catalog = Catalog.shop();

		@Override
		public ProcessingResult process(ProcessingRequest request) {
			List<String> reasons = new ArrayList<>();
			List<ProcessingResult.PricedLine> lines = new ArrayList<>();
			Map<String, Integer> units = new LinkedHashMap<>();
			for (ProcessingRequest.Item item : request.items()) {
				CatalogItem product = this.catalog.find(item.sku()).orElse(null);
				if (product == null) {
					reasons.add(item.sku() + ": unknown SKU");
					continue;
				}
				long price = product.unitPrice();
				lines.add(new ProcessingResult.PricedLine(item.sku(), item.quantity(), price, price * item.quantity()));
				units.merge(item.sku(), item.quantity(), Integer::sum);
			}
			units.forEach((sku, count) -> {
				int limit = this.catalog.find(sku).orElseThrow().maxPerOrder();
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
