package io.latticeshop.erp.customers;

import io.latticeshop.lattice.server.LatticeCaller;
import jakarta.validation.constraints.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/customers", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerController {

	// Loose on purpose: any id of this shape is a fair question whose answer may be 404;
	// only ids no customer could ever have are refused as bad input.
	static final String ID_PATTERN = "[A-Za-z0-9_-]{1,64}";

	private static final Logger log = LoggerFactory.getLogger(CustomerController.class);

	private final CustomerRepository customers;

	CustomerController(CustomerRepository customers) {
		this.customers = customers;
	}

	@GetMapping("/{id}")
	Customer customer(
			@PathVariable @Pattern(regexp = ID_PATTERN,
					message = "must be 1 to 64 letters, digits, '_' or '-', such as C-1001") String id,
			LatticeCaller caller) {
		log.info("Customer {} requested by {}", id, caller.describe());
		return this.customers.findById(id).orElseThrow(() -> new CustomerNotFoundException(id));
	}

}
