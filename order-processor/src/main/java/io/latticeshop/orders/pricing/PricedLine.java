package io.latticeshop.orders.pricing;

/**
 * A requested line with its price. Money is in euro cents.
 */
public record PricedLine(String sku, int quantity, long unitPrice, long lineTotal) {

}
