package io.latticeshop.local.admin;

import java.util.Map;

/**
 * One request as the console shows it: who called what, what the policies decided and
 * why, where it went and how it ended. {@code decision} is {@code ALLOW}, {@code DENY}
 * (the policies or the signature said no) or {@code REFUSED} (refused for its form before
 * any policy); {@code latticeHeaders} are the headers lattice-local added for the target.
 */
public record RecordedRequest(long sequence, String requestId, String time, String service, String method, String path,
		String protocol, String caller, String callerName, String sourceVpc, String decision, String reason,
		String statements, String targetGroup, String target, int status, long latencyMillis, String traceId,
		Map<String, String> latticeHeaders) {
}
