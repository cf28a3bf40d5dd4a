package io.latticeshop.web.orders;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface OrderRepository extends Repository<ShopOrder, String>, OrderInserts {

	Optional<ShopOrder> findById(String id);

	Optional<ShopOrder> findByIdempotencyKey(String idempotencyKey);

	List<ShopOrder> findByCustomerIdOrderByCreatedAtDescIdDesc(String customerId);

}
