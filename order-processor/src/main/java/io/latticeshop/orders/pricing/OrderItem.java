package io.latticeshop.orders.pricing;

/**
 * One requested line. {@code quantity} is boxed so that a missing value can be told apart
 * from zero.
 */
public record OrderItem(String sku, Integer quantity) {

}
