package io.latticeshop.orders.pricing;

public enum OrderStatus {

	ACCEPTED, REJECTED

}
