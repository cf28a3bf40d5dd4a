package io.latticeshop.local.binding;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding.Credentials;
import io.latticeshop.local.binding.Binding.Example;
import io.latticeshop.local.binding.Binding.HealthCheckOverrides;
import io.latticeshop.local.binding.Binding.LambdaBinding;
import io.latticeshop.local.binding.Binding.Launch;
import io.latticeshop.local.binding.Binding.ServiceBinding;
import io.latticeshop.local.binding.Binding.TargetBinding;
import io.latticeshop.local.binding.Binding.Workload;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates the binding YAML. Every error names the offending path
 * ({@code services.web-server.listen}) so a typo fails at start-up, not on the first
 * call.
 */
public final class BindingReader {

	private static final Pattern LISTEN = Pattern.compile("(.+):(\\d{1,5})");

	private static final Pattern EXPECT = Pattern.compile("\\s=>\\s*(\\d{3})$");

	private static final Pattern EXAMPLE = Pattern.compile("([A-Z]+)\\s+(/\\S*)(?:\\s+(.+))?", Pattern.DOTALL);

	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

	private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

	private final Map<String, String> environment;

	private BindingReader(Map<String, String> environment) {
		this.environment = environment;
	}

	public static Binding read(Path file) {
		return read(file, System.getenv());
	}

	public static Binding read(Path file, Map<String, String> environment) {
		JsonNode root;
		try {
			root = YAMLMapper.shared().readTree(Files.readString(file));
		}
		catch (IOException | JacksonException ex) {
			throw new StartupException("Cannot read binding file " + file + ": " + ex.getMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new StartupException(file + ": expected a YAML mapping at the top level");
		}
		List<String> problems = BindingSchema.problems(root);
		if (!problems.isEmpty()) {
			throw new StartupException(file + " does not fit lattice-local/binding.schema.json (" + problems.size()
					+ (problems.size() == 1 ? " problem" : " problems") + "):\n  " + String.join("\n  ", problems));
		}
		return new BindingReader(environment).binding(root, file.toAbsolutePath().getParent());
	}

	private Binding binding(JsonNode root, Path fileDir) {
		allowed(root, "", Set.of("region", "baseDir", "template", "accessLog", "anonymousVpc", "services", "targets",
				"workloads", "admin", "tracing"));
		Path baseDir = fileDir.resolve(text(root, "baseDir", "", ".")).normalize();
		String region = text(root, "region", "", "us-east-1");
		Path template = baseDir.resolve(required(root, "template", ""));
		String accessLog = text(root, "accessLog", "", "stdout");
		Optional<Path> accessLogPath = accessLog.equals("stdout") ? Optional.empty()
				: Optional.of(baseDir.resolve(accessLog));
		Map<String, ServiceBinding> services = new LinkedHashMap<>();
		Map<String, String> listening = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> service : mapping(root, "services", "").entrySet()) {
			ServiceBinding binding = service(service.getValue(), "services." + service.getKey());
			services.put(service.getKey(), binding);
			// Port 0 is a free port each; any other can serve one service only.
			String address = binding.host() + ":" + binding.port();
			String before = (binding.port() != 0) ? listening.putIfAbsent(address, service.getKey()) : null;
			if (before != null) {
				throw new StartupException("services." + service.getKey() + ".listen: " + address + " is services."
						+ before + "'s already; give each service a port of its own");
			}
		}
		if (services.isEmpty()) {
			throw new StartupException("services: bind at least one Lattice service to a local address");
		}
		Map<String, TargetBinding> targets = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> target : mapping(root, "targets", "").entrySet()) {
			targets.put(target.getKey(), target(target.getValue(), "targets." + target.getKey(), baseDir));
		}
		Map<String, Workload> workloads = new LinkedHashMap<>();
		Set<String> accessKeys = new java.util.HashSet<>();
		for (Map.Entry<String, JsonNode> workload : mapping(root, "workloads", "").entrySet()) {
			Workload parsed = workload(workload.getKey(), workload.getValue(), "workloads." + workload.getKey(),
					baseDir);
			parsed.credentials().ifPresent((credentials) -> {
				if (!accessKeys.add(credentials.accessKeyId())) {
					throw new StartupException("workloads." + workload.getKey() + ".accessKeyId: "
							+ credentials.accessKeyId() + " is already used by another workload");
				}
			});
			workloads.put(workload.getKey(), parsed);
		}
		Optional<String> admin = Optional.empty();
		JsonNode adminNode = root.get("admin");
		if (adminNode != null) {
			allowed(adminNode, "admin", Set.of("listen"));
			String listen = required(adminNode, "listen", "admin");
			listenAddress(listen, "admin.listen");
			admin = Optional.of(listen);
		}
		Optional<URI> traceServer = Optional.empty();
		JsonNode tracingNode = root.get("tracing");
		if (tracingNode != null) {
			allowed(tracingNode, "tracing", Set.of("zipkin"));
			String zipkin = required(tracingNode, "zipkin", "tracing");
			URI endpoint;
			try {
				endpoint = new URI(zipkin);
			}
			catch (URISyntaxException ex) {
				throw new StartupException("tracing.zipkin: '" + zipkin + "' is not a URL: " + ex.getReason());
			}
			if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
				throw new StartupException("tracing.zipkin: '" + zipkin
						+ "' is not an http:// URL of a span endpoint, such as http://127.0.0.1:9411/api/v2/spans");
			}
			traceServer = Optional.of(endpoint);
		}
		return new Binding(baseDir, region, template, accessLogPath,
				Optional.ofNullable(text(root, "anonymousVpc", "", null)), services, targets, workloads, admin,
				traceServer);
	}

	/** {@code host:port}, or {@code none} for no listener at all. */
	public static Optional<InetSocketAddress> listenAddress(String listen, String where) {
		if (listen.equals("none")) {
			return Optional.empty();
		}
		Matcher matcher = LISTEN.matcher(listen);
		if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
			throw new StartupException(
					where + ": expected host:port (e.g. 127.0.0.1:9000) or none, got '" + listen + "'");
		}
		return Optional.of(new InetSocketAddress(matcher.group(1), Integer.parseInt(matcher.group(2))));
	}

	private ServiceBinding service(JsonNode node, String where) {
		allowed(node, where, Set.of("listen", "listener", "examples"));
		String listen = required(node, "listen", where);
		Matcher matcher = LISTEN.matcher(listen);
		if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
			throw new StartupException(
					where + ".listen: expected host:port (e.g. 127.0.0.1:9080), got '" + listen + "'");
		}
		String listener = text(node, "listener", where, null);
		List<Example> examples = new ArrayList<>();
		JsonNode list = node.path("examples");
		if (!list.isMissingNode() && !list.isArray()) {
			throw new StartupException(where + ".examples: expected a list like [\"GET /api/items/1\"]");
		}
		for (int i = 0; i < list.size(); i++) {
			examples.add(example(list.get(i), where + ".examples[" + i + "]"));
		}
		return new ServiceBinding(matcher.group(1), Integer.parseInt(matcher.group(2)),
				Optional.ofNullable(listener).map((port) -> integer(port, where + ".listener")), List.copyOf(examples),
				node.has("examples"));
	}

	private Example example(JsonNode node, String where) {
		String text = node.isString() ? node.asString().strip() : "";
		Optional<Integer> expect = Optional.empty();
		Matcher status = EXPECT.matcher(text);
		if (status.find()) {
			expect = Optional.of(Integer.parseInt(status.group(1)));
			text = text.substring(0, status.start()).strip();
		}
		Matcher matcher = node.isString() ? EXAMPLE.matcher(text) : null;
		if (matcher == null || !matcher.matches()) {
			throw new StartupException(where + ": expected \"METHOD /path [body] [=> status]\", got " + node);
		}
		return new Example(matcher.group(1), matcher.group(2), Optional.ofNullable(matcher.group(3)), expect);
	}

	private TargetBinding target(JsonNode node, String where, Path baseDir) {
		allowed(node, where, Set.of("url", "urls", "lambda", "timeout", "healthCheck"));
		Optional<Duration> timeout = Optional.ofNullable(text(node, "timeout", where, null))
			.map((value) -> duration(value, where + ".timeout"));
		List<String> urls = new ArrayList<>();
		String url = text(node, "url", where, null);
		if (url != null) {
			urls.add(url);
		}
		JsonNode urlList = node.get("urls");
		if (urlList != null) {
			if (url != null || !urlList.isArray() || urlList.isEmpty()) {
				throw new StartupException(where + ".urls: a non-empty list of http://host:port, instead of 'url'");
			}
			urlList.forEach((each) -> urls.add(each.asString("")));
		}
		JsonNode lambda = node.get("lambda");
		if (urls.isEmpty() == (lambda == null)) {
			throw new StartupException(where + ": give exactly one of 'url' or 'urls' (INSTANCE, IP, ALB targets) "
					+ "and 'lambda' (LAMBDA targets)");
		}
		HealthCheckOverrides healthCheck = HealthCheckOverrides.NONE;
		JsonNode check = node.get("healthCheck");
		if (check != null) {
			String at = where + ".healthCheck";
			allowed(check, at, Set.of("interval", "timeout", "healthyThreshold", "unhealthyThreshold"));
			healthCheck = new HealthCheckOverrides(
					Optional.ofNullable(text(check, "interval", at, null)).map((v) -> duration(v, at + ".interval")),
					Optional.ofNullable(text(check, "timeout", at, null)).map((v) -> duration(v, at + ".timeout")),
					Optional.ofNullable(text(check, "healthyThreshold", at, null))
						.map((v) -> positive(v, at + ".healthyThreshold", 1)),
					Optional.ofNullable(text(check, "unhealthyThreshold", at, null))
						.map((v) -> positive(v, at + ".unhealthyThreshold", 1)));
		}
		if (!urls.isEmpty()) {
			List<URI> parsed = new ArrayList<>();
			for (String each : urls) {
				URI uri;
				try {
					uri = URI.create(each);
				}
				catch (IllegalArgumentException ex) {
					uri = null;
				}
				if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null) {
					throw new StartupException(where + ".url: expected http://host:port, got '" + each + "'");
				}
				parsed.add(uri);
			}
			return new TargetBinding(List.copyOf(parsed), Optional.empty(), timeout, healthCheck);
		}
		String at = where + ".lambda";
		allowed(lambda, at, Set.of("zip", "handler", "env", "memoryMb", "maxConcurrency", "provisioned"));
		Optional<Integer> maxConcurrency = Optional.ofNullable(text(lambda, "maxConcurrency", at, null))
			.map((value) -> positive(value, at + ".maxConcurrency", 1));
		Optional<Integer> provisioned = Optional.ofNullable(text(lambda, "provisioned", at, null))
			.map((value) -> positive(value, at + ".provisioned", 0));
		if (maxConcurrency.isPresent() && provisioned.isPresent() && provisioned.get() > maxConcurrency.get()) {
			throw new StartupException(at + ".provisioned: " + provisioned.get()
					+ " environments exceed maxConcurrency " + maxConcurrency.get());
		}
		LambdaBinding binding = new LambdaBinding(baseDir.resolve(required(lambda, "zip", at)),
				Optional.ofNullable(text(lambda, "handler", at, null)), strings(lambda, "env", at),
				Optional.ofNullable(text(lambda, "memoryMb", at, null)).map((mb) -> integer(mb, at + ".memoryMb")),
				maxConcurrency, provisioned);
		return new TargetBinding(List.of(), Optional.of(binding), timeout, healthCheck);
	}

	private Workload workload(String name, JsonNode node, String where, Path baseDir) {
		allowed(node, where, Set.of("accessKeyId", "secretAccessKey", "role", "vpc", "orgId", "launch"));
		String accessKeyId = text(node, "accessKeyId", where, null);
		String secret = text(node, "secretAccessKey", where, null);
		if ((accessKeyId == null) != (secret == null)) {
			throw new StartupException(where + ": accessKeyId and secretAccessKey go together");
		}
		Optional<Credentials> credentials = Optional.ofNullable(accessKeyId).map((key) -> new Credentials(key, secret));
		String role = text(node, "role", where, null);
		String vpc = text(node, "vpc", where, null);
		if (credentials.isPresent() && (role == null || vpc == null)) {
			throw new StartupException(where + ": a workload with credentials needs 'role' (the template's IAM role: "
					+ "construct path, logical id, name or ARN) and 'vpc' (construct path or logical id) to know who it "
					+ "is and where it calls from");
		}
		Optional<Launch> launch = Optional.empty();
		JsonNode launchNode = node.get("launch");
		if (launchNode != null) {
			String at = where + ".launch";
			allowed(launchNode, at, Set.of("command", "dir", "env", "ready", "readyTimeout"));
			JsonNode command = launchNode.get("command");
			List<String> args = new ArrayList<>();
			if (command != null && command.isArray()) {
				command.forEach((arg) -> args.add(substitute(arg.asString())));
			}
			else if (command != null && command.isString()) {
				args.addAll(List.of(substitute(command.asString()).trim().split("\\s+")));
			}
			if (args.isEmpty()) {
				throw new StartupException(at + ".command: give the command as a list or a string");
			}
			String ready = text(launchNode, "ready", at, null);
			launch = Optional.of(new Launch(List.copyOf(args), baseDir.resolve(text(launchNode, "dir", at, ".")),
					strings(launchNode, "env", at), Optional.ofNullable(ready).map(URI::create),
					duration(text(launchNode, "readyTimeout", at, "120s"), at + ".readyTimeout")));
		}
		return new Workload(name, credentials, Optional.ofNullable(role), Optional.ofNullable(vpc),
				Optional.ofNullable(text(node, "orgId", where, null)), launch);
	}

	private Map<String, JsonNode> mapping(JsonNode node, String field, String where) {
		JsonNode value = node.get(field);
		Map<String, JsonNode> out = new LinkedHashMap<>();
		if (value == null || value.isNull()) {
			return out;
		}
		if (!value.isObject()) {
			throw new StartupException(path(where, field) + ": expected a mapping");
		}
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			if (!entry.getValue().isObject()) {
				throw new StartupException(path(where, field) + "." + entry.getKey() + ": expected a mapping");
			}
			out.put(entry.getKey(), entry.getValue());
		}
		return out;
	}

	private Map<String, String> strings(JsonNode node, String field, String where) {
		Map<String, String> out = new LinkedHashMap<>();
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return out;
		}
		if (!value.isObject()) {
			throw new StartupException(path(where, field) + ": expected a mapping of names to values");
		}
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			if (entry.getValue().isContainer()) {
				throw new StartupException(path(where, field) + "." + entry.getKey() + ": expected a plain value");
			}
			out.put(entry.getKey(), substitute(entry.getValue().asString()));
		}
		return out;
	}

	private String required(JsonNode node, String field, String where) {
		String value = text(node, field, where, null);
		if (value == null || value.isBlank()) {
			throw new StartupException(path(where, field) + " is required");
		}
		return value;
	}

	private String text(JsonNode node, String field, String where, String fallback) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (value.isContainer()) {
			throw new StartupException(path(where, field) + ": expected a plain value");
		}
		return substitute(value.asString());
	}

	/** {@code ${NAME}} and {@code ${NAME:-default}} come from the environment. */
	private String substitute(String value) {
		Matcher matcher = ENV_REFERENCE.matcher(value);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String replacement = this.environment.get(matcher.group(1));
			if (replacement == null) {
				replacement = matcher.group(2);
			}
			if (replacement == null) {
				throw new StartupException("Environment variable " + matcher.group(1) + " is not set (use ${"
						+ matcher.group(1) + ":-default} for an optional one)");
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static void allowed(JsonNode node, String where, Set<String> fields) {
		for (String field : node.propertyNames()) {
			if (!fields.contains(field)) {
				throw new StartupException(path(where, field) + ": unknown setting (expected one of "
						+ fields.stream().sorted().toList() + ")");
			}
		}
	}

	private static int integer(String value, String where) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new StartupException(where + ": expected a number, got '" + value + "'");
		}
	}

	private static int positive(String value, String where, int least) {
		int number = integer(value, where);
		if (number < least) {
			throw new StartupException(where + ": expected at least " + least + ", got " + number);
		}
		return number;
	}

	private static Duration duration(String value, String where) {
		Matcher matcher = DURATION.matcher(value);
		if (!matcher.matches()) {
			throw new StartupException(where + ": expected a duration like 500ms, 30s or 2m, got '" + value + "'");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			default -> Duration.ofMinutes(amount);
		};
	}

	private static String path(String where, String field) {
		return where.isEmpty() ? field : where + "." + field;
	}

}
