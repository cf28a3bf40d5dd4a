package io.latticeshop.erp.customers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.latticeshop.data.Customers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Repository;

/**
 * The customers, read once at start-up from the shop's seed data (shop-data's
 * {@link Customers}). The set never changes while the service runs, so lookups need no
 * locking.
 */
@Repository
public class CustomerRepository {

	private final Map<String, Customer> customers;

	public CustomerRepository(JsonMapper json, @Value("classpath:" + Customers.RESOURCE) Resource data) {
		try (InputStream in = data.getInputStream()) {
			this.customers = Arrays.stream(json.readValue(in, Customer[].class))
				.collect(Collectors.toUnmodifiableMap(Customer::id, Function.identity()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the customer reference data " + data, ex);
		}
	}

	public Optional<Customer> findById(String id) {
		return Optional.ofNullable(this.customers.get(id));
	}

	int count() {
		return this.customers.size();
	}

}
