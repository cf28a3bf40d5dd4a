package io.latticeshop.web.orders;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.transaction.annotation.Transactional;

class OrderInsertsImpl implements OrderInserts {

	private final JdbcAggregateOperations aggregates;

	OrderInsertsImpl(JdbcAggregateOperations aggregates) {
		this.aggregates = aggregates;
	}

	@Override
	@Transactional
	public ShopOrder insert(ShopOrder order) {
		try {
			return this.aggregates.insert(order);
		}
		catch (DbActionExecutionException ex) {
			// Spring Data wraps the failed statement; the caller needs to know that the
			// unique idempotency key refused the row.
			if (ex.getCause() instanceof DuplicateKeyException duplicate) {
				throw duplicate;
			}
			throw ex;
		}
	}

}
