package io.latticeshop.local.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.latticeshop.local.RequestIds;
import io.latticeshop.local.accesslog.AccessLog;
import io.latticeshop.local.http.Exchange;
import io.latticeshop.local.http.HttpServer;
import io.latticeshop.local.policy.AuthEvaluator;
import io.latticeshop.local.policy.AuthEvaluator.Decision;
import io.latticeshop.local.policy.AuthEvaluator.Level;
import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.policy.RequestContext;
import io.latticeshop.local.sigv4.ReceivedRequest;
import io.latticeshop.local.sigv4.SigV4Verifier;
import io.latticeshop.local.sigv4.Verification;
import io.latticeshop.local.sigv4.Verification.Rejected;
import io.latticeshop.local.sigv4.Verification.Verified;
import io.latticeshop.local.template.LocalIds;
import io.latticeshop.local.template.Topology;
import io.latticeshop.local.template.Topology.Action;
import io.latticeshop.local.template.Topology.HeaderMatch;
import io.latticeshop.local.template.Topology.Listener;
import io.latticeshop.local.template.Topology.Rule;
import io.latticeshop.local.template.Topology.Service;
import io.latticeshop.local.template.Topology.ServiceNetwork;
import io.latticeshop.local.template.Topology.TargetGroup;
import io.latticeshop.local.template.Topology.Vpc;
import io.latticeshop.local.template.Topology.WeightedTargetGroup;

/**
 * The local stand-in for one Lattice service's generated DNS name: authenticates,
 * authorizes, routes and forwards every request, and logs each one.
 */
public final class ServiceEndpoint implements AutoCloseable {

	/** What the endpoint needs from the rest of lattice-local. */
	public record Wiring(Topology topology, SigV4Verifier verifier, Function<String, Identity> identities,
			Optional<Vpc> anonymousVpc, Function<String, Level> levels, Map<String, Target> targets,
			AccessLog accessLog) {
	}

	private final Service service;

	private final Listener listener;

	private final Wiring wiring;

	private final HttpServer server;

	public ServiceEndpoint(Service service, Listener listener, InetSocketAddress address, Wiring wiring)
			throws IOException {
		this.service = service;
		this.listener = listener;
		this.wiring = wiring;
		this.server = new HttpServer(address, "lattice-" + service.name(), this::handle);
	}

	public void start() {
		this.server.start();
	}

	public InetSocketAddress address() {
		return this.server.address();
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * Failures are logged and passed on: the server answers 500 if nothing was sent yet,
	 * and closes the connection either way.
	 */
	private void handle(Exchange exchange) throws IOException {
		long started = System.nanoTime();
		// Room for every field an entry gets, so that the map never grows on the way.
		Map<String, Object> log = new LinkedHashMap<>(64);
		log.put("startTime", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
		try {
			int status = process(exchange, log);
			log.put("responseCode", status);
		}
		catch (Target.ResponseCutShortException ex) {
			log.put("responseCode", 0);
			log.put("failureReason", "TargetConnectionError: " + ex.getMessage());
			throw ex;
		}
		catch (IOException ex) {
			log.put("responseCode", 0);
			log.put("failureReason", "ClientConnectionError: " + ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			log.put("responseCode", 0);
			log.put("failureReason", "InternalError: " + ex);
			throw ex;
		}
		finally {
			log.put("duration", (System.nanoTime() - started) / 1_000_000);
			this.wiring.accessLog().write(log);
		}
	}

	private int process(Exchange exchange, Map<String, Object> log) throws IOException {
		Map<String, List<String>> headers = exchange.headers();
		String requestId = RequestIds.next();
		String path = exchange.rawPath();
		String rawQuery = exchange.rawQuery();
		InetSocketAddress remote = exchange.remoteAddress();
		log.put("requestId", requestId);
		log.put("serviceNetworkArn", "-");
		log.put("serviceArn", this.service.arn());
		log.put("targetGroupArn", "-");
		log.put("listenerType", this.listener.protocol());
		log.put("requestMethod", exchange.method());
		log.put("requestPath", path + (rawQuery != null ? "?" + rawQuery : ""));
		log.put("protocol", exchange.protocol());
		log.put("sourceIpPort", remote.getAddress().getHostAddress() + ":" + remote.getPort());
		log.put("hostHeader", first(headers, "host", "-"));
		log.put("userAgent", first(headers, "user-agent", "-"));
		log.put("bytesReceived", Long.parseLong(first(headers, "content-length", "0")));

		String malformed = malformed(first(headers, "host", null), rawQuery);
		if (malformed != null) {
			log.put("callerPrincipal", "-");
			return plain(exchange, 400, "Bad Request: " + malformed, requestId, log);
		}
		Verification verification = this.wiring.verifier()
			.verify(new ReceivedRequest(exchange.method(), path, rawQuery, headers));
		Identity identity;
		if (verification instanceof Rejected rejected) {
			// The request comes from its workload's VPC whatever its signature says;
			// a key no workload has could come from anywhere.
			Identity claimed = (rejected.accessKeyId() != null) ? this.wiring.identities().apply(rejected.accessKeyId())
					: null;
			Vpc from = (claimed != null) ? claimed.vpc() : defaultVpc();
			if (authenticates(from)) {
				log.put("callerPrincipal", "-");
				log.put("authDeniedReason", rejected.reason());
				return plain(exchange, 403, rejected.message(), requestId, log);
			}
			// With auth type NONE at both levels Lattice never looks at the Authorization
			// header, so an application's own scheme (a bearer token) passes through.
			identity = new Identity(Caller.ANONYMOUS, from);
		}
		else if (verification instanceof Verified verified) {
			identity = this.wiring.identities().apply(verified.accessKeyId());
		}
		else {
			identity = new Identity(Caller.ANONYMOUS, defaultVpc());
		}
		Caller caller = identity.caller();
		Vpc vpc = identity.vpc();
		log.put("callerPrincipal", caller.principalArn());
		log.put("sourceVpcArn", vpc != null ? vpc.arn() : "-");
		log.put("sourceVpcId", vpc != null ? vpc.id() : "-");

		Optional<ServiceNetwork> network = networkFor(vpc);
		if (network.isEmpty() && !this.service.serviceNetworkLogicalIds().isEmpty()) {
			// In AWS such a caller could not even resolve the service's name; locally it
			// reaches the port, so answer the way an unreachable network would be denied.
			log.put("authDeniedReason", "Network");
			return plain(exchange, 403, "AccessDeniedException: User: " + caller.principalArn()
					+ " is not authorized to perform: vpc-lattice-svcs:Invoke on resource: " + this.service.arn() + path
					+ " because the source VPC is not associated with a service network of this service", requestId,
					log);
		}
		String networkArn = network.map(ServiceNetwork::arn).orElse(null);
		log.put("serviceNetworkArn", networkArn != null ? networkArn : "-");
		Map<String, List<String>> query = query(rawQuery);
		RequestContext context = new RequestContext(caller, vpc != null ? vpc.id() : null,
				vpc != null ? LocalIds.ACCOUNT : null, exchange.method(), path, query, headers, this.service.arn(),
				networkArn, this.listener.port());
		Level networkLevel = network.map((sn) -> this.wiring.levels().apply(sn.logicalId())).orElse(Level.NONE);
		Decision decision = AuthEvaluator.decide(networkLevel, this.wiring.levels().apply(this.service.logicalId()),
				context);
		if (!decision.allowed()) {
			log.put("authDeniedReason", decision.reason());
			return plain(exchange, 403, decision.denial(), requestId, log);
		}
		log.put("authDeniedReason", "-");

		Action action = route(exchange.method(), path, headers);
		if (action.forward().isEmpty()) {
			return plain(exchange, action.fixedStatus(), "", requestId, log);
		}
		TargetGroup group = this.wiring.topology().targetGroups().get(pick(action.forward()));
		log.put("targetGroupArn", group.arn());
		Target target = this.wiring.targets().get(group.logicalId());
		if (target == null) {
			log.put("failureReason", "TargetGroupNotBound");
			return plain(exchange, 503, "Service Unavailable: target group " + group.logicalId()
					+ " is not bound to a local target in the binding file", requestId, log);
		}
		Map<String, List<String>> forwarded = forwardedHeaders(headers, remote, caller, vpc, networkArn, group,
				requestId);
		Map<String, String> latticeContext = new LinkedHashMap<>();
		latticeContext.put("serviceArn", this.service.arn());
		latticeContext.put("serviceNetworkArn", networkArn != null ? networkArn : "");
		latticeContext.put("targetGroupArn", group.arn());
		latticeContext.put("sourceVpcArn", vpc != null ? vpc.arn() : "");
		latticeContext.put("region", this.wiring.topology().region());
		latticeContext.put("eventStructureVersion", group.lambdaEventStructureVersion());
		if (!caller.anonymous()) {
			latticeContext.put("principal", caller.principalArn());
			latticeContext.put("sessionName", caller.sessionName());
			caller.orgId().ifPresent((org) -> latticeContext.put("principalOrgID", org));
			latticeContext.put("type", "AWS_IAM");
		}
		try {
			Target.Outcome outcome = target.forward(new ForwardedRequest(exchange, forwarded, query, latticeContext));
			log.put("targetIpPort", outcome.targetIpPort());
			log.put("requestToTargetDuration", outcome.requestToTargetMillis());
			log.put("responseFromTargetDuration", outcome.responseFromTargetMillis());
			log.put("bytesSent", outcome.bytesSent());
			return outcome.status();
		}
		catch (Target.TargetException ex) {
			log.put("targetIpPort", ex.targetIpPort());
			log.put("failureReason", ex.getMessage());
			return plain(exchange, ex.status(), ex.getMessage(), requestId, log);
		}
	}

	/**
	 * Whether the service or the network that {@code vpc} reaches it through has auth
	 * type AWS_IAM, the only levels at which Lattice checks signatures.
	 */
	private boolean authenticates(Vpc vpc) {
		return this.wiring.levels().apply(this.service.logicalId()).iam()
				|| networkFor(vpc).map((sn) -> this.wiring.levels().apply(sn.logicalId()).iam()).orElse(false);
	}

	private Vpc defaultVpc() {
		if (this.wiring.anonymousVpc().isPresent()) {
			return this.wiring.anonymousVpc().get();
		}
		for (String networkId : this.service.serviceNetworkLogicalIds()) {
			for (String vpcId : this.wiring.topology().serviceNetworks().get(networkId).vpcLogicalIds()) {
				return this.wiring.topology().vpcs().get(vpcId);
			}
		}
		return null;
	}

	private Optional<ServiceNetwork> networkFor(Vpc vpc) {
		for (String networkId : this.service.serviceNetworkLogicalIds()) {
			ServiceNetwork network = this.wiring.topology().serviceNetworks().get(networkId);
			if (vpc != null && network.vpcLogicalIds().contains(vpc.logicalId())) {
				return Optional.of(network);
			}
		}
		return Optional.empty();
	}

	private Action route(String method, String path, Map<String, List<String>> headers) {
		for (Rule rule : this.listener.rules()) {
			if (rule.method().isPresent() && !rule.method().get().equalsIgnoreCase(method)) {
				continue;
			}
			if (rule.path().isPresent()) {
				var match = rule.path().get();
				String actual = match.caseSensitive() ? path : path.toLowerCase(Locale.ROOT);
				String expected = match.caseSensitive() ? match.value() : match.value().toLowerCase(Locale.ROOT);
				if (match.prefix() ? !actual.startsWith(expected) : !actual.equals(expected)) {
					continue;
				}
			}
			if (rule.headers().stream().allMatch((header) -> headerMatches(header, headers))) {
				return rule.action();
			}
		}
		return this.listener.defaultAction();
	}

	private static boolean headerMatches(HeaderMatch match, Map<String, List<String>> headers) {
		List<String> values = headers.get(match.name());
		if (values == null) {
			return false;
		}
		for (String value : values) {
			String actual = match.caseSensitive() ? value : value.toLowerCase(Locale.ROOT);
			String expected = match.caseSensitive() ? match.value() : match.value().toLowerCase(Locale.ROOT);
			boolean matches = switch (match.kind()) {
				case "Exact" -> actual.equals(expected);
				case "Prefix" -> actual.startsWith(expected);
				default -> actual.contains(expected);
			};
			if (matches) {
				return true;
			}
		}
		return false;
	}

	private static String pick(List<WeightedTargetGroup> groups) {
		if (groups.size() == 1) {
			return groups.get(0).targetGroupLogicalId();
		}
		int total = groups.stream().mapToInt(WeightedTargetGroup::weight).sum();
		int roll = ThreadLocalRandom.current().nextInt(Math.max(total, 1));
		for (WeightedTargetGroup group : groups) {
			roll -= group.weight();
			if (roll < 0) {
				return group.targetGroupLogicalId();
			}
		}
		return groups.get(groups.size() - 1).targetGroupLogicalId();
	}

	private Map<String, List<String>> forwardedHeaders(Map<String, List<String>> received, InetSocketAddress remote,
			Caller caller, Vpc vpc, String networkArn, TargetGroup group, String requestId) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		received.forEach((name, values) -> {
			// Callers must not be able to impersonate the identity Lattice vouches for.
			if (!name.startsWith("x-amzn-lattice-") && !name.startsWith("x-forwarded-for")) {
				headers.put(name, values);
			}
		});
		headers.put("x-forwarded-for", List.of(remote.getAddress().getHostAddress()));
		headers.put("x-forwarded-for-port", List.of(Integer.toString(this.listener.port())));
		headers.put("x-forwarded-for-proto", List.of(this.listener.protocol().toLowerCase(Locale.ROOT)));
		headers.put("x-amzn-requestid", List.of(requestId));
		StringBuilder identity = new StringBuilder();
		if (caller.anonymous()) {
			identity.append("Type=ANONYMOUS");
		}
		else {
			identity.append("Principal=").append(caller.principalArn());
			caller.orgId().ifPresent((org) -> identity.append("; PrincipalOrgID=").append(org));
			identity.append("; SessionName=").append(caller.sessionName()).append("; Type=AWS_IAM");
		}
		headers.put("x-amzn-lattice-identity", List.of(identity.toString()));
		if (vpc != null) {
			headers.put("x-amzn-lattice-network", List.of("SourceVpcArn=" + vpc.arn()));
		}
		headers.put("x-amzn-lattice-target", List.of("ServiceArn=" + this.service.arn()
				+ (networkArn != null ? ";ServiceNetworkArn=" + networkArn : "") + ";TargetGroupArn=" + group.arn()));
		return headers;
	}

	private static Map<String, List<String>> query(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return query;
	}

	private static String first(Map<String, List<String>> headers, String name, String fallback) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? fallback : values.get(0);
	}

	/**
	 * What makes the request impossible to verify or evaluate, or null: a query with a
	 * broken percent escape, or a Host header whose port is not a port.
	 */
	static String malformed(String host, String rawQuery) {
		if (rawQuery != null) {
			for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
				if (i + 2 >= rawQuery.length() || Character.digit(rawQuery.charAt(i + 1), 16) < 0
						|| Character.digit(rawQuery.charAt(i + 2), 16) < 0) {
					return "the query has a '%' that does not start a percent escape (%XX)";
				}
			}
		}
		if (host != null) {
			int colon = host.lastIndexOf(':');
			if (colon >= 0 && host.indexOf(']') < colon) {
				String port = host.substring(colon + 1);
				if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
						|| Integer.parseInt(port) > 65535) {
					return "the Host header's port '" + port + "' is not a port number";
				}
			}
		}
		return null;
	}

	private static int plain(Exchange exchange, int status, String message, String requestId, Map<String, Object> log)
			throws IOException {
		byte[] body = message.isEmpty() ? new byte[0] : (message + "\n").getBytes(StandardCharsets.UTF_8);
		Map<String, List<String>> headers = Map.of("Content-Type", List.of("text/plain; charset=utf-8"),
				"x-amzn-requestid", List.of(requestId));
		try (OutputStream out = exchange.respond(status, headers, body.length)) {
			out.write(body);
		}
		log.put("bytesSent", (long) body.length);
		return status;
	}

}
