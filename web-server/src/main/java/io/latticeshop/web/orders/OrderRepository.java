package io.latticeshop.web.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders in the tables of {@code V1__shop_order.sql}, in plain SQL: an order has one
 * fixed shape and is never updated, and a mapping framework cost more start-up time and
 * CPU per order than these few statements.
 */
@Repository
class OrderRepository {

	private static final String ORDERS = """
			select id, customer_id, customer_name, customer_tier, status, subtotal, discount, total, currency,
			       created_at, idempotency_key, request_hash
			from shop_order
			""";

	private final JdbcClient jdbc;

	// JdbcClient has no batch updates.
	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	OrderRepository(JdbcTemplate jdbcTemplate, TransactionTemplate transactions) {
		this.jdbc = JdbcClient.create(jdbcTemplate);
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
	}

	/**
	 * Stores a new order with its lines and reasons, all or nothing.
	 * @param order the order
	 * @return the stored order
	 * @throws DuplicateKeyException if an order with the same idempotency key, customer
	 * and request hash exists
	 */
	ShopOrder insert(ShopOrder order) {
		// List indexes start at 0, like those of the orders Spring Data JDBC stored.
		List<Object[]> lines = IntStream.range(0, order.lines().size()).mapToObj((index) -> {
			OrderLine line = order.lines().get(index);
			return new Object[] { order.id(), index, line.sku(), line.quantity(), line.unitPrice(), line.lineTotal() };
		}).toList();
		List<Object[]> reasons = IntStream.range(0, order.reasons().size())
			.mapToObj((index) -> new Object[] { order.id(), index, order.reasons().get(index).reason() })
			.toList();
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					insert into shop_order (id, customer_id, customer_name, customer_tier, status, subtotal, discount,
					                        total, currency, created_at, idempotency_key, request_hash)
					values (:id, :customerId, :customerName, :customerTier, :status, :subtotal, :discount,
					        :total, :currency, :createdAt, :idempotencyKey, :requestHash)
					""")
				.param("id", order.id())
				.param("customerId", order.customerId())
				.param("customerName", order.customerName())
				.param("customerTier", order.customerTier())
				.param("status", order.status().name())
				.param("subtotal", order.subtotal())
				.param("discount", order.discount())
				.param("total", order.total())
				.param("currency", order.currency())
				.param("createdAt", OffsetDateTime.ofInstant(order.createdAt(), ZoneOffset.UTC))
				// Typed: a null binds without asking the driver for the column type.
				.param("idempotencyKey", order.idempotencyKey(), Types.VARCHAR)
				.param("requestHash", order.requestHash())
				.update();
			this.jdbcTemplate.batchUpdate("""
					insert into order_line (shop_order, shop_order_key, sku, quantity, unit_price, line_total)
					values (?, ?, ?, ?, ?, ?)
					""", lines);
			this.jdbcTemplate.batchUpdate("""
					insert into order_reason (shop_order, shop_order_key, reason)
					values (?, ?, ?)
					""", reasons);
		});
		return order;
	}

	Optional<ShopOrder> findById(String id) {
		return withCollections(this.jdbc.sql(ORDERS + "where id = :id")
			.param("id", id)
			.query(OrderRepository::orderWithoutCollections)
			.list()).stream().findFirst();
	}

	/**
	 * Asked for every keyed order, and usually finds nothing, which costs one query. A
	 * key is scoped to the customer and the request's fingerprint (the unique constraint
	 * of {@code V2__idempotency_scope.sql}): another order under the same key is not
	 * found.
	 * @param idempotencyKey the client's {@code Idempotency-Key}
	 * @param customerId the order's customer
	 * @param requestHash the request's fingerprint
	 * @return the order stored under the key for this customer and request, if any
	 */
	Optional<ShopOrder> findByIdempotencyKey(String idempotencyKey, String customerId, String requestHash) {
		return withCollections(this.jdbc
			.sql(ORDERS + "where idempotency_key = :key and customer_id = :customerId and request_hash = :hash")
			.param("key", idempotencyKey)
			.param("customerId", customerId)
			.param("hash", requestHash)
			.query(OrderRepository::orderWithoutCollections)
			.list()).stream().findFirst();
	}

	/**
	 * A customer's orders, newest first (ties by id, descending), from the one after
	 * {@code after} on.
	 * @param customerId the customer
	 * @param after the last order of the previous page, or null for the newest orders
	 * @param limit at most this many
	 * @return the orders, each with its lines and reasons
	 */
	List<ShopOrder> findByCustomerNewestFirst(String customerId, ShopOrder after, int limit) {
		StatementSpec query = this.jdbc
			.sql(ORDERS + "where customer_id = :customerId"
					+ ((after != null) ? " and (created_at < :at or (created_at = :at and id < :id))" : "")
					+ " order by created_at desc, id desc limit :limit")
			.param("customerId", customerId)
			.param("limit", limit);
		if (after != null) {
			query = query.param("at", after.createdAt().atOffset(ZoneOffset.UTC)).param("id", after.id());
		}
		return withCollections(query.query(OrderRepository::orderWithoutCollections).list());
	}

	// One query per collection, whatever the number of orders. No transaction: an order
	// is stored with its collections in one and never changed, so the separate reads
	// cannot see half of one.
	private List<ShopOrder> withCollections(List<ShopOrder> orders) {
		if (orders.isEmpty()) {
			return orders;
		}
		List<String> ids = orders.stream().map(ShopOrder::id).toList();
		Map<String, List<OrderLine>> lines = byOrder("""
				select shop_order, sku, quantity, unit_price, line_total
				from order_line
				where shop_order in (:ids)
				order by shop_order, shop_order_key
				""", ids, (rs, row) -> new OrderLine(rs.getString("sku"), rs.getInt("quantity"),
				rs.getLong("unit_price"), rs.getLong("line_total")));
		Map<String, List<OrderReason>> reasons = byOrder("""
				select shop_order, reason
				from order_reason
				where shop_order in (:ids)
				order by shop_order, shop_order_key
				""", ids, (rs, row) -> new OrderReason(rs.getString("reason")));
		return orders.stream()
			.map((order) -> new ShopOrder(order.id(), order.customerId(), order.customerName(), order.customerTier(),
					order.status(), lines.getOrDefault(order.id(), List.of()), order.subtotal(), order.discount(),
					order.total(), order.currency(), reasons.getOrDefault(order.id(), List.of()), order.createdAt(),
					order.idempotencyKey(), order.requestHash()))
			.toList();
	}

	private <T> Map<String, List<T>> byOrder(String sql, List<String> ids, RowMapper<T> item) {
		return this.jdbc.sql(sql)
			.param("ids", ids)
			.query((rs, row) -> Map.entry(rs.getString("shop_order"), item.mapRow(rs, row)))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
	}

	private static ShopOrder orderWithoutCollections(ResultSet rs, int row) throws SQLException {
		return new ShopOrder(rs.getString("id"), rs.getString("customer_id"), rs.getString("customer_name"),
				rs.getString("customer_tier"), OrderStatus.valueOf(rs.getString("status")), List.of(),
				rs.getLong("subtotal"), rs.getLong("discount"), rs.getLong("total"), rs.getString("currency"),
				List.of(), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getString("idempotency_key"), rs.getString("request_hash"));
	}

}
