package io.latticeshop.web.orders;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface OrderRepository extends Repository<ShopOrder, String>, OrderInserts {

	Optional<ShopOrder> findById(String id);

	/** At most one: the key is unique. */
	List<ShopOrder> findAllByIdempotencyKey(String idempotencyKey);

	/**
	 * Asked for every keyed order, and usually finds nothing. Spring Data JDBC answers an
	 * {@code Optional} query that finds nothing by throwing and catching an exception,
	 * which costs a stack walk per order; a list query does not.
	 */
	default Optional<ShopOrder> findByIdempotencyKey(String idempotencyKey) {
		return findAllByIdempotencyKey(idempotencyKey).stream().findFirst();
	}

	List<ShopOrder> findByCustomerIdOrderByCreatedAtDescIdDesc(String customerId);

}
