package io.latticeshop.web.orders;

/**
 * One reason the order processor gave for rejecting an order.
 *
 * @param reason the reason, as the processor worded it
 */
record OrderReason(String reason) {
}
