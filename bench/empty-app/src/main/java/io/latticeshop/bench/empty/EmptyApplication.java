package io.latticeshop.bench.empty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Nothing but a web server and actuator's health: what every Boot web app pays before it
 * does anything of its own.
 */
@SpringBootApplication
public class EmptyApplication {

	public static void main(String[] args) {
		SpringApplication.run(EmptyApplication.class, args);
	}

}
