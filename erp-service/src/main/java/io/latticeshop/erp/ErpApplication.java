package io.latticeshop.erp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ERP: customers and invoices. Runs on ECS Fargate behind VPC Lattice; reads orders
 * from the web server.
 */
@SpringBootApplication
public class ErpApplication {

	public static void main(String[] args) {
		SpringApplication.run(ErpApplication.class, args);
	}

}
