package io.latticeshop.local.binding;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binding file: how the template's abstract topology meets this machine. Relative
 * paths are resolved against {@code baseDir}, itself relative to the file. {@code admin}
 * is where the admin endpoint listens ({@code admin.listen}: {@code host:port} or
 * {@code none}); the command line listens on 127.0.0.1:9000 when the file says nothing.
 * {@code traceServer} ({@code tracing.zipkin}) is a Zipkin span endpoint that gets a span
 * for each traced request's Lattice hop; without it lattice-local adds none, as Lattice
 * adds none to a trace in AWS.
 */
public record Binding(Path baseDir, String region, Path template, Optional<Path> accessLog,
		Optional<String> anonymousVpc, Map<String, ServiceBinding> services, Map<String, TargetBinding> targets,
		Map<String, Workload> workloads, Optional<String> admin, Optional<URI> traceServer) {

	/**
	 * Where a Lattice service is reachable locally; {@code listenerPort} picks one of its
	 * listeners. Without {@code examples} ({@code examplesGiven} false) the banner probes
	 * the paths the service's policy names; with an empty list it prints none.
	 */
	public record ServiceBinding(String host, int port, Optional<Integer> listenerPort, List<Example> examples,
			boolean examplesGiven) {
	}

	/**
	 * A call worth showing in the start-up banner, printed as a curl line for every
	 * workload the policies allow to make it; {@code expect} is the status the target
	 * answers it with ({@code "GET /api/items/1 => 200"}).
	 */
	public record Example(String method, String path, Optional<String> body, Optional<Integer> expect) {

		public Example(String method, String path, Optional<String> body) {
			this(method, path, body, Optional.empty());
		}

	}

	/**
	 * Either {@code urls} (INSTANCE, IP, ALB: one or more local targets, requests spread
	 * over the healthy ones) or {@code lambda} (LAMBDA). Without a timeout, a Lambda
	 * target uses its function's. {@code healthCheck} shortens the template's health
	 * check for a local run.
	 */
	public record TargetBinding(List<URI> urls, Optional<LambdaBinding> lambda, Optional<Duration> timeout,
			HealthCheckOverrides healthCheck) {
	}

	/**
	 * What the binding changes of a target group's health check; empty keeps the
	 * template's.
	 */
	public record HealthCheckOverrides(Optional<Duration> interval, Optional<Duration> timeout,
			Optional<Integer> healthyThreshold, Optional<Integer> unhealthyThreshold) {

		public static final HealthCheckOverrides NONE = new HealthCheckOverrides(Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty());

	}

	/**
	 * The function's code; handler, memory and environment come from the template's
	 * function unless given here ({@code env} adds to and overrides the template's).
	 * {@code maxConcurrency} caps the execution environments (function JVMs) that run at
	 * once, {@code provisioned} of them start with lattice-local, the rest on demand.
	 */
	public record LambdaBinding(Path zip, Optional<String> handler, Map<String, String> env, Optional<Integer> memoryMb,
			Optional<Integer> maxConcurrency, Optional<Integer> provisioned) {
	}

	/**
	 * A local stand-in for a compute resource: its credentials give it a role and a VPC.
	 */
	public record Workload(String name, Optional<Credentials> credentials, Optional<String> role, Optional<String> vpc,
			Optional<String> orgId, Optional<Launch> launch) {
	}

	public record Credentials(String accessKeyId, String secretAccessKey) {
	}

	public record Launch(List<String> command, Path dir, Map<String, String> env, Optional<URI> ready,
			Duration readyTimeout) {
	}

	/** This binding with its workloads left to be started by someone else. */
	public Binding withoutLaunch() {
		Map<String, Workload> unlaunched = new java.util.LinkedHashMap<>();
		this.workloads.forEach((name, workload) -> unlaunched.put(name, new Workload(workload.name(),
				workload.credentials(), workload.role(), workload.vpc(), workload.orgId(), Optional.empty())));
		return new Binding(this.baseDir, this.region, this.template, this.accessLog, this.anonymousVpc, this.services,
				this.targets, java.util.Collections.unmodifiableMap(unlaunched), this.admin, this.traceServer);
	}

	/** This binding with its access log elsewhere; empty for standard output. */
	public Binding withAccessLog(Optional<Path> file) {
		return new Binding(this.baseDir, this.region, this.template, file, this.anonymousVpc, this.services,
				this.targets, this.workloads, this.admin, this.traceServer);
	}

	/**
	 * This binding with its admin endpoint elsewhere: {@code host:port}, or {@code none}.
	 */
	public Binding withAdmin(Optional<String> address) {
		return new Binding(this.baseDir, this.region, this.template, this.accessLog, this.anonymousVpc, this.services,
				this.targets, this.workloads, address, this.traceServer);
	}

}
