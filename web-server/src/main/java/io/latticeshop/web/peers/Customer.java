package io.latticeshop.web.peers;

/**
 * A customer as the ERP describes it. Only what the shop needs is read; the ERP's other
 * fields (address, ...) are ignored.
 *
 * @param id the customer id, such as {@code C-1001}
 * @param name the customer's name
 * @param email the customer's email address
 * @param tier the loyalty tier: {@code STANDARD}, {@code GOLD} or {@code PLATINUM}
 */
public record Customer(String id, String name, String email, String tier) {
}
