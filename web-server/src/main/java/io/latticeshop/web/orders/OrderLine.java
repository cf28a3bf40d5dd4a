package io.latticeshop.web.orders;

/**
 * One priced line of an order, in minor units.
 *
 * @param sku the SKU
 * @param quantity how many
 * @param unitPrice price of one unit
 * @param lineTotal {@code quantity * unitPrice}
 */
record OrderLine(String sku, int quantity, long unitPrice, long lineTotal) {
}
