package io.latticeshop.erp.invoices;

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
@RequestMapping(path = "/api/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
class InvoiceController {

	/**
	 * The web server issues {@code ORD-} and 26 characters of {@code [0-9A-Z]}; other
	 * shapes after {@code ORD-} are accepted so that test and imported orders can be
	 * invoiced too. Anything else could never name an order and is refused before the web
	 * server is bothered with it.
	 */
	static final String ORDER_ID_PATTERN = "ORD-[A-Za-z0-9-]{1,64}";

	private static final Logger log = LoggerFactory.getLogger(InvoiceController.class);

	private final InvoiceService invoices;

	InvoiceController(InvoiceService invoices) {
		this.invoices = invoices;
	}

	@GetMapping("/{orderId}")
	Invoice invoice(
			@PathVariable @Pattern(regexp = ORDER_ID_PATTERN,
					message = "must be ORD- followed by 1 to 64 letters, digits or '-'") String orderId,
			LatticeCaller caller) {
		log.info("Invoice for {} requested by {}", orderId, caller.describe());
		return this.invoices.invoice(orderId);
	}

}
