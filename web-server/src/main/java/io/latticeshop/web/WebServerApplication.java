package io.latticeshop.web;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The shop front. Runs on EC2 behind VPC Lattice; with the default {@code standalone}
 * profile it runs alone, its peers replaced by in-process stubs.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebServerApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(WebServerApplication.class, args);
	}

}
