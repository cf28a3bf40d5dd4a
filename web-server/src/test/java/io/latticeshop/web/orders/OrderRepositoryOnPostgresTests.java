package io.latticeshop.web.orders;

import javax.sql.DataSource;

/**
 * Every repository test again on a real PostgreSQL server, the database the deployed shop
 * uses: the same migrations, the same statements, the same constraints.
 */
class OrderRepositoryOnPostgresTests extends OrderRepositoryTests {

	@Override
	DataSource newDatabase() {
		return Postgres.newDatabase();
	}

}
