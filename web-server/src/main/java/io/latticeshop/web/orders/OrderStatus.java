package io.latticeshop.web.orders;

/**
 * What the order processor decided about an order.
 */
enum OrderStatus {

	ACCEPTED, REJECTED

}
