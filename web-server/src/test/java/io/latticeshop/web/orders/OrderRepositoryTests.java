package io.latticeshop.web.orders;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repository against the schema the application migrates to, in a fresh in-memory H2
 * per test ({@link OrderRepositoryOnPostgresTests}: the same on PostgreSQL).
 */
class OrderRepositoryTests {

	// Milliseconds only, as OrderService stores them.
	private static final Instant NOW = Instant.parse("2026-11-29T04:00:00.123Z");

	private DataSource database;

	private OrderRepository orders;

	@BeforeEach
	void migrate() {
		this.database = newDatabase();
		Flyway.configure().dataSource(this.database).load().migrate();
		this.orders = new OrderRepository(new JdbcTemplate(this.database),
				new TransactionTemplate(new DataSourceTransactionManager(this.database)));
	}

	/**
	 * An empty database that the application's migrations then run against.
	 * @return the database
	 */
	DataSource newDatabase() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
	}

	@AfterEach
	void shutdown() {
		if (this.database instanceof EmbeddedDatabase embedded) {
			embedded.shutdown();
		}
	}

	@Test
	void storedOrderReadsBackWithItsLinesInOrder() {
		ShopOrder order = accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-3", 1, 500), line("SKU-1", 2, 1299),
				line("SKU-2", 3, 100));

		assertThat(this.orders.insert(order)).isEqualTo(order);

		assertThat(this.orders.findById("ORD-1")).contains(order);
	}

	@Test
	void rejectedOrderReadsBackWithItsReasonsInOrder() {
		ShopOrder order = rejected("ORD-1", "C-1", NOW, null, "SKU-99: unknown SKU", "SKU-1: out of stock");
		this.orders.insert(order);

		assertThat(this.orders.findById("ORD-1")).contains(order);
	}

	@Test
	void unknownIdFindsNothing() {
		this.orders.insert(accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-1", 1, 100)));

		assertThat(this.orders.findById("ORD-2")).isEmpty();
	}

	@Test
	void idempotencyKeyFindsItsOrderOnlyForItsCustomerAndRequest() {
		ShopOrder order = accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-1", 2, 1299));
		this.orders.insert(order);

		assertThat(this.orders.findByIdempotencyKey("key-1", "C-1", "hash-ORD-1")).contains(order);
		assertThat(this.orders.findByIdempotencyKey("key-2", "C-1", "hash-ORD-1")).isEmpty();
		assertThat(this.orders.findByIdempotencyKey("key-1", "C-2", "hash-ORD-1")).isEmpty();
		assertThat(this.orders.findByIdempotencyKey("key-1", "C-1", "hash-other")).isEmpty();
	}

	@Test
	void secondOrderUnderTheSameKeyCustomerAndRequestIsADuplicateAndLeavesTheFirstAlone() {
		ShopOrder first = accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-1", 2, 1299));
		this.orders.insert(first);

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.orders.insert(withId(first, "ORD-2")));

		assertThat(this.orders.findById("ORD-2")).isEmpty();
		assertThat(this.orders.findByIdempotencyKey("key-1", "C-1", "hash-ORD-1")).contains(first);
	}

	@Test
	void theSameKeyForAnotherCustomerOrRequestIsAnotherOrder() {
		ShopOrder first = accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-1", 2, 1299));
		ShopOrder otherCustomer = accepted("ORD-2", "C-2", NOW, "key-1", line("SKU-1", 2, 1299));
		ShopOrder otherRequest = accepted("ORD-3", "C-1", NOW, "key-1", line("SKU-2", 1, 100));
		for (ShopOrder order : List.of(first, otherCustomer, otherRequest)) {
			this.orders.insert(order);
		}

		assertThat(this.orders.findByIdempotencyKey("key-1", "C-2", "hash-ORD-2")).contains(otherCustomer);
		assertThat(this.orders.findByIdempotencyKey("key-1", "C-1", "hash-ORD-3")).contains(otherRequest);
	}

	@Test
	void orderWithALineThatCannotBeStoredIsNotStoredAtAll() {
		ShopOrder order = accepted("ORD-1", "C-1", NOW, "key-1", line("SKU-1", 1, 100), line("S".repeat(65), 1, 100));

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.orders.insert(order));

		assertThat(this.orders.findById("ORD-1")).isEmpty();
		assertThat(this.orders.findByIdempotencyKey("key-1", "C-1", "hash-ORD-1")).isEmpty();
	}

	@Test
	void customerOrdersAreNewestFirstWithTiesByIdDescending() {
		ShopOrder oldest = accepted("ORD-1", "C-1", NOW.minusSeconds(60), "key-1", line("SKU-1", 1, 100),
				line("SKU-2", 2, 200));
		ShopOrder sameTimeLowerId = rejected("ORD-2", "C-1", NOW, null, "SKU-99: unknown SKU");
		ShopOrder sameTimeHigherId = accepted("ORD-3", "C-1", NOW, null, line("SKU-3", 3, 300));
		ShopOrder otherCustomer = accepted("ORD-4", "C-2", NOW.plusSeconds(60), null, line("SKU-4", 4, 400));
		for (ShopOrder order : List.of(sameTimeLowerId, oldest, otherCustomer, sameTimeHigherId)) {
			this.orders.insert(order);
		}

		assertThat(this.orders.findByCustomerNewestFirst("C-1", null, 10)).containsExactly(sameTimeHigherId,
				sameTimeLowerId, oldest);
		assertThat(this.orders.findByCustomerNewestFirst("C-3", null, 10)).isEmpty();
	}

	@Test
	void aPageContinuesAfterTheLastOrderOfThePreviousOneEvenWithinTheSameMillisecond() {
		ShopOrder oldest = accepted("ORD-1", "C-1", NOW.minusSeconds(60), null, line("SKU-1", 1, 100));
		ShopOrder sameTimeLowerId = accepted("ORD-2", "C-1", NOW, null, line("SKU-2", 1, 100));
		ShopOrder sameTimeHigherId = accepted("ORD-3", "C-1", NOW, null, line("SKU-3", 1, 100));
		ShopOrder newest = accepted("ORD-4", "C-1", NOW.plusSeconds(60), null, line("SKU-4", 1, 100));
		for (ShopOrder order : List.of(oldest, sameTimeLowerId, sameTimeHigherId, newest)) {
			this.orders.insert(order);
		}

		assertThat(this.orders.findByCustomerNewestFirst("C-1", null, 2)).containsExactly(newest, sameTimeHigherId);
		assertThat(this.orders.findByCustomerNewestFirst("C-1", sameTimeHigherId, 2)).containsExactly(sameTimeLowerId,
				oldest);
		assertThat(this.orders.findByCustomerNewestFirst("C-1", oldest, 2)).isEmpty();
	}

	private static ShopOrder withId(ShopOrder order, String id) {
		return new ShopOrder(id, order.customerId(), order.customerName(), order.customerTier(), order.status(),
				order.lines(), order.subtotal(), order.discount(), order.total(), order.currency(), order.reasons(),
				order.createdAt(), order.idempotencyKey(), order.requestHash());
	}

	private static OrderLine line(String sku, int quantity, long unitPrice) {
		return new OrderLine(sku, quantity, unitPrice, quantity * unitPrice);
	}

	private static ShopOrder accepted(String id, String customerId, Instant createdAt, String key, OrderLine... lines) {
		long subtotal = List.of(lines).stream().mapToLong(OrderLine::lineTotal).sum();
		return new ShopOrder(id, customerId, "Ada Lovelace", "GOLD", OrderStatus.ACCEPTED, List.of(lines), subtotal,
				subtotal / 10, subtotal - subtotal / 10, "EUR", List.of(), createdAt, key, "hash-" + id);
	}

	private static ShopOrder rejected(String id, String customerId, Instant createdAt, String key, String... reasons) {
		return new ShopOrder(id, customerId, "Ada Lovelace", "GOLD", OrderStatus.REJECTED, List.of(), 0, 0, 0, "EUR",
				List.of(reasons).stream().map(OrderReason::new).toList(), createdAt, key, "hash-" + id);
	}

}
