package io.latticeshop.data;

/**
 * A product the shop sells. {@code unitPrice} is in euro cents; {@code maxPerOrder} caps
 * the units of this SKU that one order may hold, summed over all its lines.
 */
public record CatalogItem(String sku, String name, long unitPrice, int maxPerOrder) {

}
