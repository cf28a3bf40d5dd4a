package io.latticeshop.web.orders;

import org.springframework.dao.DuplicateKeyException;

/**
 * Inserts orders. Order ids are assigned before the order is stored, so a plain
 * {@code save} would take a new order for an update.
 */
interface OrderInserts {

	/**
	 * Stores a new order with its lines and reasons, all or nothing.
	 * @param order the order
	 * @return the stored order
	 * @throws DuplicateKeyException if an order with the same idempotency key exists
	 */
	ShopOrder insert(ShopOrder order);

}
