package io.latticeshop.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.latticeshop.local.LatticeLocal;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole shop as real processes over loopback sockets: lattice-local with the
 * synthesized template and {@code e2e-shop.yaml}, the web server from its jar, the ERP
 * from its container image, the order processor's zip through the local Lambda Runtime
 * API. Started once for the whole suite and stopped when it ends.
 */
final class Shop implements BeforeAllCallback, AutoCloseable {

	static final String REGION = "us-east-1";

	static final String WEB_DIRECT = "http://127.0.0.1:18080";

	static final String ERP_DIRECT = "http://127.0.0.1:18081";

	static final String WEB_LATTICE = "http://127.0.0.1:19080";

	static final String ERP_LATTICE = "http://127.0.0.1:19081";

	static final String ORDER_PROCESSOR_LATTICE = "http://127.0.0.1:19082";

	/** lattice-local's admin endpoint: health, requests, metrics and the console. */
	static final String ADMIN = "http://127.0.0.1:19000";

	/**
	 * The trace server (Zipkin): its API and UI, and where every workload sends spans.
	 */
	static final String ZIPKIN = "http://127.0.0.1:19411";

	static final Path ROOT = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();

	static final Path WORK = Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath();

	static final Path BINDING = ROOT.resolve("e2e-tests/e2e-shop.yaml");

	static final Path ACCESS_LOG = WORK.resolve("access.log");

	private static Shop running;

	private LatticeLocal latticeLocal;

	private ManagedProcess webServer;

	private ErpWorkload erp;

	private ManagedProcess zipkin;

	private ShopDatabase database;

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static synchronized Shop get() {
		if (running == null) {
			throw new IllegalStateException("the shop is started by @ExtendWith(Shop.class)");
		}
		return running;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		synchronized (Shop.class) {
			if (running == null) {
				// Stored at the root so JUnit closes it once, after the last test class.
				context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Shop.class, this);
				running = this;
				// A run cut short (Ctrl-C, a killed test JVM) must not leave the shop
				// running: the next run would find its ports answering.
				Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::closeQuietly));
				start();
			}
		}
	}

	private void start() throws Exception {
		for (Path artifact : List.of(ROOT.resolve("infra/cdk.out/LatticeShop.template.json"),
				ROOT.resolve("lattice-local/target/lambda-runtime"), ROOT.resolve("web-server/target/web-server.jar"),
				ROOT.resolve("erp-service/target/erp-service.jar"),
				ROOT.resolve("order-processor/target/order-processor-lambda.zip"))) {
			if (!Files.exists(artifact)) {
				throw new IllegalStateException(artifact + " is missing: run ./mvnw verify from the repository root");
			}
		}
		for (String url : List.of(WEB_DIRECT, ERP_DIRECT, WEB_LATTICE, ERP_LATTICE, ORDER_PROCESSOR_LATTICE, ADMIN,
				ZIPKIN)) {
			requireFree(URI.create(url).getPort());
		}
		Workload.load(BINDING);
		Files.createDirectories(WORK);
		Files.deleteIfExists(ACCESS_LOG);
		deleteRecursively(WORK.resolve("data"));
		this.database = ShopDatabase.fromSystemProperty();

		// The trace server starts first and comes up while everything else does.
		Path zipkinJar = Path.of(System.getProperty("zipkin.jar", "target/zipkin/zipkin-server.jar"));
		if (!Files.exists(zipkinJar)) {
			throw new IllegalStateException(zipkinJar + " is missing: run ./mvnw verify from the repository root");
		}
		this.zipkin = new ManagedProcess("zipkin", WORK,
				List.of(java(), "-Xmx256m", "-jar", zipkinJar.toString(),
						"--armeria.ports[0].ip=" + InetAddress.getLoopbackAddress().getHostAddress(),
						"--armeria.ports[0].port=" + URI.create(ZIPKIN).getPort(), "--logging.level.root=WARN"),
				Map.of(), WORK);
		this.zipkin.start();

		// In this JVM, through lattice-local's Java API: start() returns once every
		// endpoint
		// is open and the order processor's Lambda environment has polled.
		System.setProperty("lambda.runtime.dir", ROOT.resolve("lattice-local/target/lambda-runtime").toString());
		this.latticeLocal = LatticeLocal.builder(BINDING).logsIn(WORK).start();

		this.erp = ErpWorkload.create(ROOT, WORK,
				Map.of("SPRING_PROFILES_ACTIVE", "aws", "SERVER_ADDRESS", "127.0.0.1", "SERVER_PORT", "18081",
						"LATTICE_PEERS_WEB_SERVER_URL", WEB_LATTICE, "LATTICE_REGION", REGION, "AWS_ACCESS_KEY_ID",
						Workload.ERP_SERVICE.accessKeyId(), "AWS_SECRET_ACCESS_KEY", Workload.ERP_SERVICE.secret(),
						"AWS_REGION", REGION, "TRACING_ZIPKIN_ENDPOINT", ZIPKIN + "/api/v2/spans",
						"TRACING_SAMPLING_PROBABILITY", "1.0"));
		this.erp.start();

		// Run from the work directory, so its default database file lands there, not in
		// the repository's data/ where a locally running shop keeps its orders. Started
		// as the EC2 unit starts it, on the bean definitions Spring AOT generated.
		this.webServer = new ManagedProcess("web-server", WORK,
				List.of(java(), "-Dspring.aot.enabled=true", "-jar",
						ROOT.resolve("web-server/target/web-server.jar").toString()),
				this.database.withDatasource(Map.ofEntries(Map.entry("SPRING_PROFILES_ACTIVE", "aws"),
						Map.entry("SERVER_ADDRESS", "127.0.0.1"), Map.entry("SERVER_PORT", "18080"),
						Map.entry("LATTICE_PEERS_ERP_URL", ERP_LATTICE),
						Map.entry("LATTICE_PEERS_ORDER_PROCESSOR_URL", ORDER_PROCESSOR_LATTICE),
						Map.entry("LATTICE_REGION", REGION),
						Map.entry("AWS_ACCESS_KEY_ID", Workload.WEB_SERVER.accessKeyId()),
						Map.entry("AWS_SECRET_ACCESS_KEY", Workload.WEB_SERVER.secret()),
						Map.entry("AWS_REGION", REGION), Map.entry("MANAGEMENT_SERVER_PORT", "0"),
						Map.entry("TRACING_ZIPKIN_ENDPOINT", ZIPKIN + "/api/v2/spans"),
						Map.entry("TRACING_SAMPLING_PROBABILITY", "1.0"))),
				WORK);
		startWebServer();
		this.zipkin.awaitHttpOk(ZIPKIN + "/health", Duration.ofSeconds(90));
	}

	/**
	 * Waits until lattice-local's health checks find the target at {@code url} healthy.
	 */
	void awaitTargetHealthy(String url) throws InterruptedException {
		String target = URI.create(url).getAuthority();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		String health = "";
		while (System.nanoTime() < deadline) {
			health = Http.get(ADMIN + "/_lattice/health").body();
			for (var group : tools.jackson.databind.json.JsonMapper.shared().readTree(health).path("targetGroups")) {
				for (var member : group.path("targets")) {
					if (member.path("target").asString().equals(target)
							&& member.path("state").asString().equals("HEALTHY")) {
						return;
					}
				}
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(target + " did not turn healthy within 30 s: " + health);
	}

	/**
	 * A process still listening there, from an earlier run or anything else, would answer
	 * the readiness checks in place of the one this run starts.
	 */
	private static void requireFree(int port) {
		try (ServerSocket probe = new ServerSocket()) {
			probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("127.0.0.1:" + port + " is taken, perhaps by a shop left over from an "
					+ "aborted run (ps -ef | grep lattice; docker ps): stop it and run again", ex);
		}
	}

	private static void deleteRecursively(Path directory) throws java.io.IOException {
		if (Files.exists(directory)) {
			try (var paths = Files.walk(directory)) {
				for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	void startWebServer() throws Exception {
		this.webServer.start();
		this.webServer.awaitHttpOk(WEB_DIRECT + "/readyz", Duration.ofSeconds(90));
	}

	String webServerOutput() throws IOException {
		return this.webServer.output();
	}

	void killWebServer() throws Exception {
		this.webServer.kill();
	}

	ErpWorkload erp() {
		return this.erp;
	}

	LatticeLocal latticeLocal() {
		return this.latticeLocal;
	}

	private void closeQuietly() {
		try {
			close();
		}
		catch (Exception ex) {
			System.err.println("e2e: stopping the shop failed: " + ex);
		}
	}

	@Override
	public void close() throws Exception {
		try (AutoCloseable d = this.database;
				AutoCloseable l = this.latticeLocal;
				AutoCloseable w = this.webServer;
				AutoCloseable e = this.erp;
				AutoCloseable z = this.zipkin) {
			// closes the trace server, web server, ERP, lattice-local and the database,
			// whichever started
		}
	}

}
