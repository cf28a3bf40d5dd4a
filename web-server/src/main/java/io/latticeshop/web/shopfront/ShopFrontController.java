package io.latticeshop.web.shopfront;

import java.util.List;
import java.util.regex.Pattern;

import io.latticeshop.lattice.problems.Problems;
import io.latticeshop.data.Catalog;
import io.latticeshop.web.peers.Customer;
import io.latticeshop.web.peers.Erp;
import io.latticeshop.web.system.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the shop page shows besides orders: the catalog's names and prices, and who a
 * customer is, as the ERP knows them (docs/contracts.md, web-server).
 */
@RestController
class ShopFrontController {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final List<Product> PRODUCTS = Catalog.shop()
		.items()
		.stream()
		.map((item) -> new Product(item.sku(), item.name(), item.unitPrice(), "EUR", item.maxPerOrder()))
		.toList();

	private final Erp erp;

	ShopFrontController(Erp erp) {
		this.erp = erp;
	}

	/** Every product, SKU-1 first; prices in minor units of {@code currency}. */
	@GetMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
	List<Product> catalog() {
		return PRODUCTS;
	}

	/**
	 * A customer's name and loyalty tier, asked of the ERP through Lattice, as an order
	 * would.
	 */
	@GetMapping(path = "/api/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	CustomerView customer(@PathVariable String id) {
		if (!ID.matcher(id).matches()) {
			throw new InvalidRequestException("id", "must be 1 to 64 letters, digits, '_' or '-'");
		}
		Customer customer = this.erp.customer(id)
			.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND,
					Erp.CUSTOMER_NOT_FOUND, "Customer not found", "The ERP has no customer " + id), null));
		return new CustomerView(customer.id(), customer.name(), customer.tier());
	}

	record Product(String sku, String name, long unitPrice, String currency, int maxPerOrder) {
	}

	record CustomerView(String id, String name, String tier) {
	}

}
