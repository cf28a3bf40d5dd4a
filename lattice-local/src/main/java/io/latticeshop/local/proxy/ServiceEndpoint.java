package io.latticeshop.local.proxy;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.latticeshop.local.RequestIds;
import io.latticeshop.local.accesslog.AccessLog;
import io.latticeshop.local.accesslog.AccessLogEntry;
import io.latticeshop.local.accesslog.HopSpans;
import io.latticeshop.local.accesslog.Traceparent;
import io.latticeshop.local.admin.LatticeMetrics;
import io.latticeshop.local.admin.RecordedRequest;
import io.latticeshop.local.admin.RequestRecorder;
import io.latticeshop.local.policy.AuthEvaluator.Decision;
import io.latticeshop.local.policy.Caller;
import io.latticeshop.local.policy.PolicySet;
import io.latticeshop.local.policy.RequestContext;
import io.latticeshop.local.server.EndpointServer;
import io.latticeshop.local.server.Exchange;
import io.latticeshop.local.server.Limits;
import io.latticeshop.local.server.NettyRuntime;
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
import io.netty.handler.codec.http.HttpHeaders;

import static io.latticeshop.local.accesslog.AccessLogEntry.Field.AUTH_DENIED_REASON;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.BYTES_RECEIVED;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.BYTES_SENT;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.CALLER_PRINCIPAL;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.DURATION;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.FAILURE_REASON;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.HOST_HEADER;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.LISTENER_TYPE;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.PROTOCOL;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.REQUEST_ID;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.REQUEST_METHOD;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.REQUEST_PATH;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.REQUEST_TO_TARGET_DURATION;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.RESPONSE_CODE;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.RESPONSE_FROM_TARGET_DURATION;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.SERVICE_ARN;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.SERVICE_NETWORK_ARN;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.SOURCE_IP_PORT;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.SOURCE_VPC_ARN;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.SOURCE_VPC_ID;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.START_TIME;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.TARGET_GROUP_ARN;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.TARGET_IP_PORT;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.TRACE_ID;
import static io.latticeshop.local.accesslog.AccessLogEntry.Field.USER_AGENT;

/**
 * The local stand-in for one Lattice service's generated DNS name: authenticates,
 * authorizes, routes and forwards every request, and logs each one.
 */
public final class ServiceEndpoint implements AutoCloseable {

	/** What the endpoint needs from the rest of lattice-local. */
	public record Wiring(Topology topology, SigV4Verifier verifier, Function<String, Identity> identities,
			Optional<Vpc> anonymousVpc, PolicySet policies, Map<String, Target> targets, AccessLog accessLog,
			RequestRecorder recorder, LatticeMetrics metrics, Optional<HopSpans> hopSpans) {
	}

	private static final String UNASSOCIATED_VPC = "the source VPC is not associated with a service network of this service";

	private final Service service;

	private final Listener listener;

	private final Wiring wiring;

	private final EndpointServer server;

	private final int port;

	public ServiceEndpoint(Service service, Listener listener, InetSocketAddress address, Wiring wiring,
			NettyRuntime netty, Limits limits) throws IOException {
		this.service = service;
		this.listener = listener;
		this.wiring = wiring;
		this.server = new EndpointServer(netty, address, "service " + service.name(), limits, this::handle);
		this.port = this.server.address().getPort();
	}

	public InetSocketAddress address() {
		return this.server.address();
	}

	/** Connections open now. */
	public int openConnections() {
		return this.server.openConnections();
	}

	public long acceptedConnections() {
		return this.server.acceptedConnections();
	}

	public Service service() {
		return this.service;
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * Runs on the connection's event loop; the target answers later, through the
	 * exchange.
	 */
	private void handle(Exchange exchange) {
		long started = System.nanoTime();
		AccessLogEntry log = new AccessLogEntry();
		log.put(START_TIME, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
		Detail detail = new Detail();
		CompletableFuture<Integer> status;
		try {
			status = process(exchange, log, detail);
		}
		catch (RuntimeException ex) {
			status = CompletableFuture.failedFuture(ex);
		}
		status.whenComplete((code, failure) -> {
			int responseCode = (failure == null) ? code : 0;
			log.put(RESPONSE_CODE, responseCode);
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof Target.ResponseCutShortException cut) {
					log.put(TARGET_IP_PORT, cut.targetIpPort());
					log.put(FAILURE_REASON, "TargetConnectionError: " + cut.getMessage());
				}
				else if (cause instanceof Target.ClientGoneException) {
					log.put(FAILURE_REASON, "ClientConnectionError: " + cause.getMessage());
				}
				else {
					log.put(FAILURE_REASON, "InternalError: " + cause);
					System.err.println("lattice-local: " + this.service.name() + ": request failed: " + cause);
					if (!exchange.responseStarted()) {
						exchange.respond(500, "Internal Server Error: lattice-local failed on this request", null);
					}
					else {
						exchange.abort();
					}
				}
			}
			long nanos = System.nanoTime() - started;
			log.put(DURATION, nanos / 1_000_000);
			this.wiring.accessLog().write(log);
			record(exchange, log, detail, responseCode, nanos);
		});
	}

	/**
	 * What the console shows beyond the access log: the caller's workload, why the
	 * policies decided as they did, the headers added for the target.
	 */
	private static final class Detail {

		String callerName = "-";

		String decision = "REFUSED";

		String reason = "-";

		String statements = "-";

		String targetGroup = "-";

		Map<String, String> latticeHeaders = Map.of();

		Optional<Traceparent> trace = Optional.empty();

	}

	private void record(Exchange exchange, AccessLogEntry log, Detail detail, int status, long nanos) {
		this.wiring.metrics().request(this.service.name(), detail.targetGroup, status, nanos);
		if (detail.trace.isPresent() && this.wiring.hopSpans().isPresent()) {
			this.wiring.hopSpans()
				.get()
				.report(detail.trace.get(), log, this.service.name(), detail.decision, detail.reason,
						System.currentTimeMillis() * 1_000 - nanos / 1_000, nanos / 1_000);
		}
		String traceId = detail.trace.map(Traceparent::traceId).orElse("-");
		this.wiring.recorder()
			.record(new RecordedRequest(this.wiring.recorder().nextSequence(), log.get(REQUEST_ID), log.get(START_TIME),
					this.service.name(), exchange.method(), log.get(REQUEST_PATH), exchange.protocol(),
					log.get(CALLER_PRINCIPAL), detail.callerName, log.get(SOURCE_VPC_ID), detail.decision,
					detail.reason, detail.statements, detail.targetGroup, log.get(TARGET_IP_PORT), status,
					nanos / 1_000_000, traceId, detail.latticeHeaders));
	}

	private CompletableFuture<Integer> process(Exchange exchange, AccessLogEntry log, Detail detail) {
		String requestId = RequestIds.next();
		String uri = exchange.request().uri();
		int question = uri.indexOf('?');
		String path = (question < 0) ? uri : uri.substring(0, question);
		String rawQuery = (question < 0) ? null : uri.substring(question + 1);
		Map<String, List<String>> headers = ForwardedRequest.byLowerCaseName(exchange.headers(), exchange.http2());
		InetSocketAddress remote = exchange.remoteAddress();
		log.put(REQUEST_ID, requestId);
		log.put(SERVICE_ARN, this.service.arn());
		log.put(LISTENER_TYPE, this.listener.protocol());
		log.put(REQUEST_METHOD, exchange.method());
		log.put(REQUEST_PATH, uri);
		log.put(PROTOCOL, exchange.protocol());
		log.put(SOURCE_IP_PORT, remote.getAddress().getHostAddress() + ":" + remote.getPort());
		log.put(HOST_HEADER, first(headers, "host", null));
		log.put(USER_AGENT, first(headers, "user-agent", null));
		log.put(BYTES_RECEIVED, parseLength(first(headers, "content-length", "0")));
		detail.trace = Traceparent.parse(first(headers, "traceparent", null));
		log.put(TRACE_ID, detail.trace.map(Traceparent::traceId).orElse(null));

		String malformed = malformed(exchange.method(), path, rawQuery, headers.getOrDefault("host", List.of()));
		if (malformed != null) {
			detail.reason = "Bad Request: " + malformed;
			// A client that sends such requests is not one to keep a connection for.
			exchange.closeWhenDone();
			return plain(exchange, 400, "Bad Request: " + malformed, requestId, log);
		}
		String host = headers.get("host").get(0);
		if (!namesThisService(host)) {
			// In Lattice the Host picks the service; a request signed for another service
			// cannot reach this one.
			detail.reason = "Misdirected Request: the Host names another service";
			exchange.closeWhenDone();
			return plain(exchange, 421,
					"Misdirected Request: this endpoint serves " + this.service.dnsName() + ", not '" + host + "'",
					requestId, log);
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
				log.put(AUTH_DENIED_REASON, rejected.reason());
				detail.decision = "DENY";
				detail.reason = rejected.message();
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
		detail.callerName = caller.anonymous() ? "anonymous" : caller.sessionName();
		log.put(CALLER_PRINCIPAL, caller.principalArn());
		log.put(SOURCE_VPC_ARN, (vpc != null) ? vpc.arn() : null);
		log.put(SOURCE_VPC_ID, (vpc != null) ? vpc.id() : null);

		Optional<ServiceNetwork> network = networkFor(vpc);
		if (network.isEmpty() && !this.service.serviceNetworkLogicalIds().isEmpty()) {
			// In AWS such a caller could not even resolve the service's name; locally it
			// reaches the port, so answer the way an unreachable network would be denied.
			log.put(AUTH_DENIED_REASON, "Network");
			detail.decision = "DENY";
			detail.reason = UNASSOCIATED_VPC;
			return plain(exchange, 403, unassociatedVpcDenial(caller.principalArn(), this.service.arn() + path),
					requestId, log);
		}
		String networkArn = network.map(ServiceNetwork::arn).orElse(null);
		log.put(SERVICE_NETWORK_ARN, networkArn);
		Map<String, List<String>> query = query(rawQuery);
		RequestContext context = new RequestContext(caller, vpc != null ? vpc.id() : null,
				vpc != null ? LocalIds.ACCOUNT : null, exchange.method(), path, query, headers, this.service.arn(),
				networkArn, this.listener.port());
		Decision decision = this.wiring.policies()
			.decide(network.map(ServiceNetwork::logicalId), this.service.logicalId(), context);
		detail.statements = decision.statements();
		if (!decision.allowed()) {
			log.put(AUTH_DENIED_REASON, decision.reason());
			detail.decision = "DENY";
			detail.reason = decision.denial();
			return plain(exchange, 403, decision.denial(), requestId, log);
		}
		detail.decision = "ALLOW";

		Action action = route(exchange.method(), path, headers);
		if (action.forward().isEmpty()) {
			return plain(exchange, action.fixedStatus(), "", requestId, log);
		}
		TargetGroup group = this.wiring.topology().targetGroups().get(pick(action.forward()));
		log.put(TARGET_GROUP_ARN, group.arn());
		detail.targetGroup = group.name();
		Target target = this.wiring.targets().get(group.logicalId());
		if (target == null) {
			log.put(FAILURE_REASON, "TargetGroupNotBound");
			return plain(exchange, 503, "Service Unavailable: target group " + group.logicalId()
					+ " is not bound to a local target in the binding file", requestId, log);
		}
		HttpHeaders forwarded = forwardedHeaders(exchange.headers(), remote, caller, vpc, networkArn, group, requestId);
		Map<String, String> added = new LinkedHashMap<>();
		for (String name : List.of("x-amzn-lattice-identity", "x-amzn-lattice-network", "x-amzn-lattice-target",
				"x-amzn-requestid", "x-forwarded-for")) {
			String value = forwarded.get(name);
			if (value != null) {
				added.put(name, value);
			}
		}
		detail.latticeHeaders = added;
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
		return target.forward(new ForwardedRequest(exchange, path, rawQuery, forwarded, query, latticeContext))
			.handle((outcome, failure) -> {
				if (failure == null) {
					log.put(TARGET_IP_PORT, outcome.targetIpPort());
					log.put(REQUEST_TO_TARGET_DURATION, outcome.requestToTargetMillis());
					log.put(RESPONSE_FROM_TARGET_DURATION, outcome.responseFromTargetMillis());
					log.put(BYTES_SENT, outcome.bytesSent());
					return CompletableFuture.completedFuture(outcome.status());
				}
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof Target.TargetException ex) {
					log.put(TARGET_IP_PORT, ex.targetIpPort());
					log.put(FAILURE_REASON, ex.getMessage());
					if (exchange.responseStarted()) {
						exchange.abort();
						return CompletableFuture.<Integer>failedFuture(cause);
					}
					return plain(exchange, ex.status(), ex.getMessage(), requestId, log);
				}
				return CompletableFuture.<Integer>failedFuture(cause);
			})
			.thenCompose((next) -> next);
	}

	/**
	 * What a caller is answered whose VPC reaches none of the service's networks: in AWS
	 * it could not even resolve the service's name, so the answer is shaped as a denial.
	 */
	public static String unassociatedVpcDenial(String principalArn, String resource) {
		return "AccessDeniedException: User: " + principalArn
				+ " is not authorized to perform: vpc-lattice-svcs:Invoke on resource: " + resource + " because "
				+ UNASSOCIATED_VPC;
	}

	/**
	 * Whether a Host header names this service: its Lattice DNS name (with the listener's
	 * port or none), or the local address it listens on.
	 */
	private boolean namesThisService(String host) {
		String name = RequestForm.hostName(host);
		int hostPort = RequestForm.hostPort(host);
		if (name.equals(this.service.dnsName().toLowerCase(Locale.ROOT))) {
			return hostPort < 0 || hostPort == this.listener.port() || hostPort == this.port;
		}
		String listening = this.server.address().getHostString().toLowerCase(Locale.ROOT);
		boolean loopback = name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]")
				|| name.equals(listening);
		return loopback && hostPort == this.port;
	}

	private static long parseLength(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Whether the service or the network that {@code vpc} reaches it through has auth
	 * type AWS_IAM, the only levels at which Lattice checks signatures.
	 */
	private boolean authenticates(Vpc vpc) {
		return this.wiring.policies().level(this.service.logicalId()).iam()
				|| networkFor(vpc).map((sn) -> this.wiring.policies().level(sn.logicalId()).iam()).orElse(false);
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

	/**
	 * What the listener does with a request: the action of its first rule that matches,
	 * by priority, else its default action.
	 * @param path the path without its query
	 */
	public Action route(String method, String path, Map<String, List<String>> headers) {
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

	private HttpHeaders forwardedHeaders(HttpHeaders received, InetSocketAddress remote, Caller caller, Vpc vpc,
			String networkArn, TargetGroup group, String requestId) {
		// Built from headers Netty has validated, and from lattice-local's own.
		HttpHeaders headers = HttpTarget.TRUSTED.newHeaders();
		for (Map.Entry<String, String> header : received) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			// Callers must not be able to impersonate the identity Lattice vouches for.
			if (!name.startsWith("x-amzn-lattice-") && !name.startsWith("x-forwarded-for")
					&& !ForwardedRequest.isHttp2Extension(name)) {
				headers.add(name, header.getValue());
			}
		}
		headers.set("x-forwarded-for", remote.getAddress().getHostAddress());
		headers.set("x-forwarded-for-port", Integer.toString(this.listener.port()));
		headers.set("x-forwarded-for-proto", this.listener.protocol().toLowerCase(Locale.ROOT));
		headers.set("x-amzn-requestid", requestId);
		StringBuilder identity = new StringBuilder();
		if (caller.anonymous()) {
			identity.append("Type=ANONYMOUS");
		}
		else {
			identity.append("Principal=").append(caller.principalArn());
			caller.orgId().ifPresent((org) -> identity.append("; PrincipalOrgID=").append(org));
			identity.append("; SessionName=").append(caller.sessionName()).append("; Type=AWS_IAM");
		}
		headers.set("x-amzn-lattice-identity", identity.toString());
		if (vpc != null) {
			headers.set("x-amzn-lattice-network", "SourceVpcArn=" + vpc.arn());
		}
		headers.set("x-amzn-lattice-target", "ServiceArn=" + this.service.arn()
				+ (networkArn != null ? ";ServiceNetworkArn=" + networkArn : "") + ";TargetGroupArn=" + group.arn());
		return headers;
	}

	/** The query's parameters, decoded, as the policies' conditions read them. */
	public static Map<String, List<String>> query(String rawQuery) {
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
	 * Why the request cannot be verified or evaluated as sent, or null: a method that is
	 * not upper case, a path not in normal form, a query with characters or escapes that
	 * are not allowed, a Host missing, repeated or unparseable.
	 */
	public static String malformed(String method, String path, String rawQuery, List<String> hosts) {
		String problem = RequestForm.methodProblem(method);
		if (problem == null) {
			problem = RequestForm.pathProblem(path);
		}
		if (problem == null) {
			problem = RequestForm.queryProblem(rawQuery);
		}
		if (problem == null) {
			problem = RequestForm.hostProblem(hosts);
		}
		return problem;
	}

	private static CompletableFuture<Integer> plain(Exchange exchange, int status, String message, String requestId,
			AccessLogEntry log) {
		exchange.respond(status, message, requestId);
		log.put(BYTES_SENT, (long) (message.isEmpty() ? 0 : message.getBytes(StandardCharsets.UTF_8).length + 1));
		return exchange.finished().thenApply((done) -> status);
	}

}
