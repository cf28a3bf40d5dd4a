package io.latticeshop.local.binding;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binding file: how the template's abstract topology meets this machine. Relative
 * paths are resolved against {@code baseDir}, itself relative to the file.
 */
public record Binding(Path baseDir, String region, Path template, Optional<Path> accessLog,
		Optional<String> anonymousVpc, Map<String, ServiceBinding> services, Map<String, TargetBinding> targets,
		Map<String, Workload> workloads) {

	/**
	 * Where a Lattice service is reachable locally; {@code listenerPort} picks one of its
	 * listeners.
	 */
	public record ServiceBinding(String host, int port, Optional<Integer> listenerPort) {
	}

	/**
	 * Exactly one of {@code url} (INSTANCE, IP, ALB) and {@code lambda} (LAMBDA) is
	 * present.
	 */
	public record TargetBinding(Optional<URI> url, Optional<LambdaBinding> lambda, Duration timeout) {
	}

	public record LambdaBinding(Path zip, String handler, Map<String, String> env, int memoryMb) {
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

}
