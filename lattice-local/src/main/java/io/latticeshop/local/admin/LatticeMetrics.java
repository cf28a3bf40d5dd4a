package io.latticeshop.local.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Lattice's own CloudWatch metrics, by their names, per service and target group:
 * {@code RequestCount}, {@code HTTPCode_2XX_Count} to {@code HTTPCode_5XX_Count},
 * {@code RequestTime}, {@code TotalConnectionCount}, {@code ActiveConnectionCount}. Read
 * in Prometheus' text format at {@code /_lattice/metrics}.
 */
public final class LatticeMetrics {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	/**
	 * Meters by service, target group and status class, so a request looks up one key.
	 */
	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	private record Meters(Counter requests, Counter codes, Timer time) {
	}

	/**
	 * Micrometer holds what a gauge reads weakly; these must live as long as the meters.
	 */
	private final java.util.List<Object> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The connection counts of one service's endpoint. */
	public void connections(String service, Supplier<Number> total, Supplier<Number> active) {
		this.readers.add(total);
		this.readers.add(active);
		FunctionCounter.builder("TotalConnectionCount", total, (supplier) -> supplier.get().doubleValue())
			.description("Connections accepted")
			.tag("service", service)
			.register(this.registry);
		Gauge.builder("ActiveConnectionCount", active, (supplier) -> supplier.get().doubleValue())
			.description("Connections open now")
			.tag("service", service)
			.register(this.registry);
	}

	/**
	 * A request that ended with {@code status} (0 when none was sent) after
	 * {@code nanos}.
	 */
	public void request(String service, String targetGroup, int status, long nanos) {
		int statusClass = (status >= 100 && status < 600) ? status / 100 : 5;
		String key = service + '|' + targetGroup + '|' + statusClass;
		Meters meters = this.meters.computeIfAbsent(key,
				(k) -> new Meters(
						Counter.builder("RequestCount")
							.description("Requests")
							.tags("service", service, "target_group", targetGroup)
							.register(this.registry),
						Counter.builder("HTTPCode_" + statusClass + "XX_Count")
							.description("Responses by status class")
							.tags("service", service, "target_group", targetGroup)
							.register(this.registry),
						Timer.builder("RequestTime")
							.description("From the request's head to the end of its response")
							.tags("service", service, "target_group", targetGroup)
							.register(this.registry)));
		meters.requests().increment();
		meters.codes().increment();
		meters.time().record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Every meter in Prometheus' text format. */
	public String scrape() {
		return this.registry.scrape();
	}

}
