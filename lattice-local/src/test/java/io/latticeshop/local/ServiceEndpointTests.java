package io.latticeshop.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The proxy between a signed caller and a loopback HTTP target, with the test template's
 * ERP policy: the web server's role may {@code GET /api/customers/*} from the web VPC.
 */
class ServiceEndpointTests {

	@TempDir
	Path dir;

	HttpServer target;

	final Map<String, Headers> received = new ConcurrentHashMap<>();

	final AtomicInteger calls = new AtomicInteger();

	LatticeLocal local;

	final SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");

	final SignedClient erp = new SignedClient(SignedClient.http(), "us-east-1", "AKIAERP", "erp-secret");

	@BeforeEach
	void startTarget() throws IOException {
		this.target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.target.createContext("/", (exchange) -> {
			this.calls.incrementAndGet();
			this.received.put(exchange.getRequestURI().toString(), exchange.getRequestHeaders());
			if (exchange.getRequestURI().getPath().endsWith("/slow")) {
				sleep(3000);
			}
			byte[] body = "hello from the target".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("x-target", "yes");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.target.start();
	}

	@AfterEach
	void stop() {
		if (this.local != null) {
			this.local.close();
		}
		this.target.stop(0);
	}

	URI start(String targetUrl) throws IOException {
		return start(targetUrl, Path.of("src/test/resources/shop.template.json"));
	}

	URI start(String targetUrl, Path template) throws IOException {
		return start(targetUrl, template, "");
	}

	/** {@code extra}: more top-level binding settings, one per line. */
	URI start(String targetUrl, Path template, String extra) throws IOException {
		Path binding = this.dir.resolve("binding.yaml");
		Files.writeString(binding,
				extra + """
						template: %s
						accessLog: access.log
						services:
						  erp-service: { listen: 127.0.0.1:0 }
						targets:
						  ErpTargets: { url: %s, timeout: 1s }
						workloads:
						  web-server: { accessKeyId: AKIAWEB, secretAccessKey: web-secret, role: WebServerRole0A1B2C3D, vpc: WebVpc1A2B3C4D }
						  erp-service: { accessKeyId: AKIAERP, secretAccessKey: erp-secret, role: erp-task-role, vpc: ErpVpc5E6F7A8B }
						"""
					.formatted(template.toAbsolutePath(), targetUrl));
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(binding));
		return URI.create("http://127.0.0.1:" + this.local.addresses().get("erp-service").getPort());
	}

	URI start() throws IOException {
		return start("http://127.0.0.1:" + this.target.getAddress().getPort());
	}

	@Test
	void allowedCallsReachTheTargetWithLatticeHeadersInsteadOfTheCallersOwn() throws Exception {
		URI erpService = start();
		HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001?x=1"),
				null, null, "x-amzn-lattice-identity", "Principal=arn:aws:iam::000000000000:root",
				"x-amzn-lattice-network", "SourceVpcArn=spoofed", "x-forwarded-for", "203.0.113.9");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello from the target");
		assertThat(response.headers().firstValue("x-target")).hasValue("yes");
		Headers seen = this.received.get("/api/customers/C-1001?x=1");
		assertThat(seen.get("x-amzn-lattice-identity"))
			.containsExactly("Principal=arn:aws:sts::000000000000:assumed-role/WebServerRole0A1B2C3D/web-server; "
					+ "SessionName=web-server; Type=AWS_IAM");
		assertThat(seen.get("x-amzn-lattice-network")).singleElement()
			.asString()
			.matches("SourceVpcArn=arn:aws:ec2:us-east-1:000000000000:vpc/vpc-[0-9a-f]{17}");
		assertThat(seen.get("x-amzn-lattice-target")).singleElement()
			.asString()
			.matches("ServiceArn=arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-[0-9a-f]{17};"
					+ "ServiceNetworkArn=arn:aws:vpc-lattice:us-east-1:000000000000:servicenetwork/sn-[0-9a-f]{17};"
					+ "TargetGroupArn=arn:aws:vpc-lattice:us-east-1:000000000000:targetgroup/tg-[0-9a-f]{17}");
		assertThat(seen.get("x-forwarded-for")).containsExactly("127.0.0.1");
		assertThat(seen.getFirst("x-forwarded-for-port")).isEqualTo("443");
		assertThat(seen.getFirst("x-forwarded-for-proto")).isEqualTo("https");
	}

	@Test
	void refusalsArePlainText403sAndNeverReachTheTarget() throws Exception {
		URI erpService = start();
		HttpResponse<String> wrongRole = this.erp.send("GET", erpService.resolve("/api/customers/C-1001"), null, null);
		assertThat(wrongRole.statusCode()).isEqualTo(403);
		assertThat(wrongRole.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
		assertThat(wrongRole.body()).matches(
				"AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/erp-task-role/erp-service is not "
						+ "authorized to perform: vpc-lattice-svcs:Invoke on resource: "
						+ "arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-[0-9a-f]{17}/api/customers/C-1001 "
						+ "because no service-based policy allows the vpc-lattice-svcs:Invoke action\n");
		HttpResponse<String> wrongMethod = this.webServer.send("DELETE", erpService.resolve("/api/customers/C-1001"),
				null, null);
		assertThat(wrongMethod.statusCode()).isEqualTo(403);
		HttpResponse<String> anonymous = new SignedClient(SignedClient.http(), "us-east-1", null, null).send("GET",
				erpService.resolve("/api/customers/C-1001"), null, null);
		assertThat(anonymous.statusCode()).isEqualTo(403);
		assertThat(anonymous.body()).startsWith("AccessDeniedException: User: anonymous is not authorized")
			.contains("because no network-based policy allows");
		HttpResponse<String> badSecret = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "guessed")
			.send("GET", erpService.resolve("/api/customers/C-1001"), null, null);
		assertThat(badSecret.statusCode()).isEqualTo(403);
		assertThat(badSecret.body()).startsWith("InvalidSignatureException: The request signature we calculated");
		assertThat(this.calls).hasValue(0);
	}

	@Test
	void everyRequestAllowedOrRefusedGetsOneAccessLogLine() throws Exception {
		URI erpService = start();
		this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"), null, null);
		this.erp.send("GET", erpService.resolve("/api/customers/C-1002"), null, null);
		List<JsonNode> lines = accessLog(2);
		assertThat(lines).hasSize(2);
		JsonNode allowed = lines.get(0);
		assertThat(allowed.path("requestMethod").asString()).isEqualTo("GET");
		assertThat(allowed.path("requestPath").asString()).isEqualTo("/api/customers/C-1001");
		assertThat(allowed.path("responseCode").asInt()).isEqualTo(200);
		assertThat(allowed.path("callerPrincipal").asString())
			.isEqualTo("arn:aws:sts::000000000000:assumed-role/WebServerRole0A1B2C3D/web-server");
		assertThat(allowed.path("sourceVpcArn").asString()).startsWith("arn:aws:ec2:us-east-1:000000000000:vpc/vpc-");
		assertThat(allowed.path("serviceArn").asString()).contains(":service/svc-");
		assertThat(allowed.path("serviceNetworkArn").asString()).contains(":servicenetwork/sn-");
		assertThat(allowed.path("targetGroupArn").asString()).contains(":targetgroup/tg-");
		assertThat(allowed.path("authDeniedReason").asString()).isEqualTo("-");
		assertThat(allowed.path("targetIpPort").asString())
			.isEqualTo("127.0.0.1:" + this.target.getAddress().getPort());
		assertThat(allowed.path("bytesSent").asLong()).isEqualTo(21);
		assertThat(allowed.has("duration")).isTrue();
		JsonNode refused = lines.get(1);
		assertThat(refused.path("responseCode").asInt()).isEqualTo(403);
		assertThat(refused.path("callerPrincipal").asString()).endsWith("assumed-role/erp-task-role/erp-service");
		assertThat(refused.path("authDeniedReason").asString()).isNotEqualTo("-");
		assertThat(refused.path("targetGroupArn").asString()).isEqualTo("-");
	}

	@Test
	void aTargetThatIsNotListeningIs503() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		URI erpService = start("http://127.0.0.1:" + closedPort);
		HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"), null,
				null);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).startsWith("Service Unavailable");
		assertThat(accessLog(1).get(0).path("failureReason").asString()).startsWith("Service Unavailable");
	}

	@Test
	void aTargetSlowerThanTheTimeoutIs504() throws Exception {
		URI erpService = start();
		HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/slow"), null,
				null);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).startsWith("Gateway Timeout");
		assertThat(accessLog(1).get(0).path("responseCode").asInt()).isEqualTo(504);
	}

	@Test
	void aTargetThatHangsUpWithoutAnsweringIs502() throws Exception {
		try (ServerSocket rude = answeringEachConnectionOnce("")) {
			URI erpService = start("http://127.0.0.1:" + rude.getLocalPort());
			HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"),
					null, null);
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.body()).startsWith("Bad Gateway");
		}
	}

	@Test
	void aChunkedTargetResponseArrivesWholeAndLeavesItsConnectionReusable() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket chunky = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				while (!chunky.isClosed()) {
					try (Socket socket = chunky.accept()) {
						connections.incrementAndGet();
						var in = socket.getInputStream();
						var out = socket.getOutputStream();
						while (readsRequestHead(in)) {
							out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
									+ "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: dropped\r\n\r\n")
								.getBytes(StandardCharsets.ISO_8859_1));
							out.flush();
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			URI erpService = start("http://127.0.0.1:" + chunky.getLocalPort());
			for (int i = 0; i < 2; i++) {
				HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"),
						null, null);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).isEqualTo("hello, world");
			}
			assertThat(connections).hasValue(1);
		}
	}

	// Headers that belong to one connection stay on it, in both directions, and a target
	// cannot send Netty's HTTP/2 extension headers on; the rest of the target's head
	// reaches the client.
	@Test
	void connectionHeadersDoNotCrossTheHop() throws Exception {
		List<String> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				while (!target.isClosed()) {
					try (Socket socket = target.accept()) {
						String head = requestHead(socket.getInputStream());
						if (head == null) {
							continue;
						}
						heads.add(head.toLowerCase(java.util.Locale.ROOT));
						socket.getOutputStream()
							.write(("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n"
									+ "X-Http2-Stream-Id: 7\r\nX-Target: yes\r\nContent-Length: 2\r\n\r\nok")
								.getBytes(StandardCharsets.ISO_8859_1));
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			URI erpService = start("http://127.0.0.1:" + target.getLocalPort());
			HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"),
					null, null, "keep-alive", "timeout=9", "te", "trailers", "trailer", "x-checksum", "x-caller",
					"kept");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("ok");
			assertThat(response.headers().firstValue("x-target")).hasValue("yes");
			assertThat(response.headers().map()).doesNotContainKeys("keep-alive", "proxy-connection",
					"x-http2-stream-id");
			assertThat(heads).singleElement()
				.asString()
				.contains("\r\nx-caller: kept\r\n")
				.contains("\r\nhost: 127.0.0.1:" + target.getLocalPort() + "\r\n")
				.doesNotContain("\r\nkeep-alive:", "\r\nte:", "\r\ntrailer:");
		}
	}

	@Test
	void anAuthorizationHeaderOfTheApplicationsOwnPassesWhereNoLevelUsesIam() throws Exception {
		Path template = this.dir.resolve("none.template.json");
		Files.writeString(template,
				Files.readString(Path.of("src/test/resources/shop.template.json")).replace("\"AWS_IAM\"", "\"NONE\""));
		URI erpService = start("http://127.0.0.1:" + this.target.getAddress().getPort(), template);
		SignedClient unsigned = new SignedClient(SignedClient.http(), "us-east-1", null, null);
		HttpResponse<String> bearer = unsigned.send("GET", erpService.resolve("/api/customers/C-1001"), null, null,
				"authorization", "Bearer app-token");
		assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
		Headers seen = this.received.get("/api/customers/C-1001");
		assertThat(seen.get("authorization")).containsExactly("Bearer app-token");
		assertThat(seen.get("x-amzn-lattice-identity")).containsExactly("Type=ANONYMOUS");
		HttpResponse<String> badSecret = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "guessed")
			.send("GET", erpService.resolve("/api/customers/C-1002"), null, null);
		assertThat(badSecret.statusCode()).as(badSecret.body()).isEqualTo(200);
	}

	@Test
	void aBadSignatureIsJudgedByTheNetworkItsWorkloadsVpcReachesTheServiceThrough() throws Exception {
		// The ERP service with auth type NONE in two networks: the shop's (AWS_IAM,
		// the web VPC) and an open one (NONE) for the orders VPC, where anonymous
		// callers sit.
		Path template = this.dir.resolve("two-networks.template.json");
		Files.writeString(template, Files.readString(Path.of("src/test/resources/shop.template.json"))
			.replace("\"AuthType\": \"AWS_IAM\", \"Name\": \"erp-service\"",
					"\"AuthType\": \"NONE\", \"Name\": \"erp-service\"")
			.replace("\"Resources\": {",
					"""
							"Resources": {
							  "OpenNetwork": {"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {"AuthType": "NONE", "Name": "open"}},
							  "OpenOrdersVpcAssociation": {"Type": "AWS::VpcLattice::ServiceNetworkVpcAssociation", "Properties": {"ServiceNetworkIdentifier": {"Ref": "OpenNetwork"}, "VpcIdentifier": {"Ref": "OrdersVpc9C0D1E2F"}}},
							  "OpenErpAssociation": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": {"Ref": "ErpService5678EF01"}, "ServiceNetworkIdentifier": {"Ref": "OpenNetwork"}}},
							"""));
		URI erpService = start("http://127.0.0.1:" + this.target.getAddress().getPort(), template,
				"anonymousVpc: OrdersVpc9C0D1E2F\n");

		HttpResponse<String> badSecret = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "guessed")
			.send("GET", erpService.resolve("/api/customers/C-1001"), null, null);
		assertThat(badSecret.statusCode()).as(badSecret.body()).isEqualTo(403);
		assertThat(badSecret.body()).startsWith("InvalidSignatureException: The request signature we calculated");

		HttpResponse<String> unknownKey = new SignedClient(SignedClient.http(), "us-east-1", "AKIANOBODY", "x")
			.send("GET", erpService.resolve("/api/customers/C-1002"), null, null);
		assertThat(unknownKey.statusCode()).as(unknownKey.body()).isEqualTo(200);
		assertThat(this.received.get("/api/customers/C-1002").get("x-amzn-lattice-identity"))
			.containsExactly("Type=ANONYMOUS");
	}

	@Test
	void theTraceContextPassesThroughAndTheAccessLogNamesTheTrace() throws Exception {
		URI erpService = start();
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		HttpResponse<String> traced = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001?t=1"), null,
				null, "traceparent", traceparent);
		HttpResponse<String> malformed = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001?t=2"),
				null, null, "traceparent", "00-not-a-trace");

		assertThat(traced.statusCode()).isEqualTo(200);
		assertThat(malformed.statusCode()).isEqualTo(200);
		assertThat(this.received.get("/api/customers/C-1001?t=1").get("traceparent")).containsExactly(traceparent);
		List<JsonNode> lines = accessLog(2);
		assertThat(lines).anySatisfy((line) -> {
			assertThat(line.path("requestPath").asString()).endsWith("?t=1");
			assertThat(line.path("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		});
		assertThat(lines).anySatisfy((line) -> {
			assertThat(line.path("requestPath").asString()).endsWith("?t=2");
			assertThat(line.path("traceId").asString()).isEqualTo("-");
		});
	}

	@Test
	void askedForSpansItReportsEachTracedHopWithItsDecision() throws Exception {
		List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/spans", (exchange) -> {
			java.io.InputStream body = exchange.getRequestBody();
			if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new java.util.zip.GZIPInputStream(body);
			}
			posted.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		zipkin.start();
		try {
			URI erpService = start("http://127.0.0.1:" + this.target.getAddress().getPort(),
					Path.of("src/test/resources/shop.template.json"),
					"tracing: { zipkin: http://127.0.0.1:" + zipkin.getAddress().getPort() + "/api/v2/spans }\n");
			String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
			this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"), null, null, "traceparent",
					"00-" + traceId + "-00f067aa0ba902b7-01");
			this.erp.send("GET", erpService.resolve("/api/customers/C-1002"), null, null, "traceparent",
					"00-" + traceId + "-1111111111111111-01");
			// Not sampled by its caller, and not traced at all: no span for either.
			this.webServer.send("GET", erpService.resolve("/api/customers/C-1003"), null, null, "traceparent",
					"00-" + traceId + "-2222222222222222-00");
			this.webServer.send("GET", erpService.resolve("/api/customers/C-1004"), null, null);

			List<JsonNode> spans = new ArrayList<>();
			for (int i = 0; i < 500 && spans.size() < 2; i++) {
				sleep(20);
				spans.clear();
				posted.forEach((batch) -> JsonMapper.shared().readTree(batch).forEach(spans::add));
			}
			assertThat(spans).hasSize(2).allSatisfy((span) -> {
				assertThat(span.path("traceId").asString()).isEqualTo(traceId);
				assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo("vpc-lattice");
				assertThat(span.path("kind").asString()).isEqualTo("SERVER");
				assertThat(span.path("tags").path("lattice.service").asString()).isEqualTo("erp-service");
			});
			assertThat(spans).anySatisfy((span) -> {
				assertThat(span.path("parentId").asString()).isEqualTo("00f067aa0ba902b7");
				assertThat(span.path("tags").path("lattice.decision").asString()).isEqualTo("ALLOW");
				assertThat(span.path("tags").path("http.status_code").asString()).isEqualTo("200");
				assertThat(span.path("tags").path("lattice.targetGroupArn").asString()).contains(":targetgroup/tg-");
			});
			assertThat(spans).anySatisfy((span) -> {
				assertThat(span.path("parentId").asString()).isEqualTo("1111111111111111");
				assertThat(span.path("tags").path("lattice.decision").asString()).isEqualTo("DENY");
				assertThat(span.path("tags").path("lattice.authDeniedReason").asString()).isEqualTo("Service");
				assertThat(span.path("tags").path("error").asString())
					.endsWith("because no service-based policy allows the vpc-lattice-svcs:Invoke action");
			});
		}
		finally {
			zipkin.stop(0);
		}
	}

	@Test
	void aCallerWhoseRoleGrantsNoInvokeIsDeniedAsLatticeWouldSay() throws Exception {
		// The auth policies still allow the web server; only its role's own policy goes.
		Path template = this.dir.resolve("no-identity-policy.template.json");
		Files.writeString(template, Files.readString(Path.of("src/test/resources/shop.template.json"))
			.replace("\"Roles\": [{\"Ref\": \"WebServerRole0A1B2C3D\"}]", "\"Roles\": []"));
		URI erpService = start("http://127.0.0.1:" + this.target.getAddress().getPort(), template);

		HttpResponse<String> denied = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"), null,
				null);
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.body()).startsWith(
				"AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/WebServerRole0A1B2C3D/web-server")
			.endsWith(
					"/api/customers/C-1001 because no identity-based policy allows the vpc-lattice-svcs:Invoke action\n");
		assertThat(this.calls).hasValue(0);
		assertThat(accessLog(1).get(0).path("authDeniedReason").asString()).isEqualTo("Identity");
	}

	@Test
	void underIamAnAuthorizationHeaderThatIsNoSignatureIsRefused() throws Exception {
		URI erpService = start();
		HttpResponse<String> bearer = new SignedClient(SignedClient.http(), "us-east-1", null, null).send("GET",
				erpService.resolve("/api/customers/C-1001"), null, null, "authorization", "Bearer app-token");
		assertThat(bearer.statusCode()).isEqualTo(403);
		assertThat(bearer.body()).startsWith("IncompleteSignatureException: ");
		assertThat(this.calls).hasValue(0);
	}

	@Test
	void aQueryWithABrokenPercentEscapeIs400AndNeverReachesTheTarget() throws Exception {
		URI erpService = start();
		String response = raw(erpService,
				"GET /api/customers/C-1001?q=100% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400 ")
			.endsWith("Bad Request: the query has a '%' that does not start a percent escape (%XX)\n");
		assertThat(this.calls).hasValue(0);
		assertThat(accessLog(1).get(0).path("responseCode").asInt()).isEqualTo(400);
	}

	@Test
	void aHostHeaderWhosePortIsNotANumberIs400() throws Exception {
		URI erpService = start();
		String response = raw(erpService,
				"GET /api/customers/C-1001 HTTP/1.1\r\nHost: localhost:abc\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400 ")
			.endsWith("Bad Request: the Host header's port 'abc' is not a port number\n");
	}

	@Test
	void aTargetThatBreaksOffItsChunkedResponseLeavesTheClientWithAnIncompleteOne() throws Exception {
		// One chunk, and gone without the last.
		try (ServerSocket breaking = answeringEachConnectionOnce(
				"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")) {
			URI erpService = start("http://127.0.0.1:" + breaking.getLocalPort());
			// Before, the proxy ended the body with the last chunk itself: a 200 "hello".
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"), null, null));
			assertThat(accessLog(1).get(0).path("failureReason").asString())
				.startsWith("TargetConnectionError: the target 127.0.0.1:" + breaking.getLocalPort()
						+ " broke off its response");
		}
	}

	@Test
	void aBrokenChunkedRequestBodyIsTheCallersFaultNotTheTargets() throws Exception {
		URI erpService = start();
		URI customer = erpService.resolve("/api/customers/C-1001");
		StringBuilder request = new StringBuilder("GET /api/customers/C-1001 HTTP/1.1\r\nHost: 127.0.0.1:"
				+ erpService.getPort() + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
		this.webServer.request("GET", customer, null, null)
			.headers()
			.map()
			.forEach((name, values) -> values.forEach((value) -> request.append(name + ": " + value + "\r\n")));
		request.append("\r\nzz\r\nnot a chunk\r\n0\r\n\r\n");

		String response = raw(erpService, request.toString());
		assertThat(response).startsWith("HTTP/1.1 400 ").contains("Bad Request: the request body cannot be read");
		assertThat(accessLog(1).get(0).path("responseCode").asInt()).isEqualTo(400);
	}

	@Test
	void aTargetHeaderHttpCannotCarryIsA502() throws Exception {
		try (ServerSocket odd = answeringEachConnectionOnce(
				"HTTP/1.1 200 OK\r\nx-bad: a\u0001b\r\nContent-Length: 2\r\n\r\nok")) {
			URI erpService = start("http://127.0.0.1:" + odd.getLocalPort());
			HttpResponse<String> response = this.webServer.send("GET", erpService.resolve("/api/customers/C-1001"),
					null, null);
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.body()).contains("Bad Gateway: the target 127.0.0.1:" + odd.getLocalPort() + " failed");
		}
	}

	@Test
	void aPostArrivesAfterTheTargetClosedTheIdleConnectionItWouldHaveUsed() throws Exception {
		// Like Node.js or uvicorn, whose keep-alive timeout is 5 s: the connection closes
		// a moment after each response.
		List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (ServerSocket shortLived = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				while (!shortLived.isClosed()) {
					try {
						Socket socket = shortLived.accept();
						Thread.ofVirtual().start(() -> answerOnceThenIdleOut(socket, bodies));
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			// A copy of the test template in which the web server may also POST to the
			// ERP.
			Path template = this.dir.resolve("post.template.json");
			Files.writeString(template,
					Files.readString(Path.of("src/test/resources/shop.template.json"))
						.replace(
								"\"vpc-lattice-svcs:RequestMethod\": \"GET\", \"vpc-lattice-svcs:SourceVpc\": "
										+ "{\"Ref\": \"WebVpc1A2B3C4D\"}",
								"\"vpc-lattice-svcs:RequestMethod\": [\"GET\", \"POST\"], "
										+ "\"vpc-lattice-svcs:SourceVpc\": {\"Ref\": \"WebVpc1A2B3C4D\"}"));
			URI erpService = start("http://127.0.0.1:" + shortLived.getLocalPort(), template);
			URI customers = erpService.resolve("/api/customers/C-1001");
			assertThat(this.webServer.send("POST", customers, "application/json", "{\"n\":1}").statusCode())
				.isEqualTo(200);
			sleep(1500);
			HttpResponse<String> second = this.webServer.send("POST", customers, "application/json", "{\"n\":2}");
			assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
			assertThat(bodies).containsExactly("{\"n\":1}", "{\"n\":2}");
		}
	}

	private static void answerOnceThenIdleOut(Socket socket, List<String> bodies) {
		try (socket) {
			var in = socket.getInputStream();
			String head = requestHead(in);
			if (head == null) {
				return;
			}
			java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
				.matcher(head);
			int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
			bodies.add(new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8));
			socket.getOutputStream()
				.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
			Thread.sleep(200);
		}
		catch (IOException | InterruptedException ex) {
			// the test is over
		}
	}

	/** A request's head, up to its blank line; null if the stream ends first. */
	private static String requestHead(java.io.InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/** Sends raw bytes and reads until the proxy closes the connection. */
	private static String raw(URI service, String request) throws IOException {
		try (Socket socket = new Socket(service.getHost(), service.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	/**
	 * A target that reads one request head per connection, writes {@code response} (which
	 * may be nothing, or not a whole response) and closes the connection.
	 */
	private static ServerSocket answeringEachConnectionOnce(String response) throws IOException {
		ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!target.isClosed()) {
				try (Socket socket = target.accept()) {
					readsRequestHead(socket.getInputStream());
					socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		return target;
	}

	/**
	 * Reads up to the blank line after a request head; false at the end of the stream.
	 */
	private static boolean readsRequestHead(java.io.InputStream in) throws IOException {
		int matched = 0;
		int b;
		while ((b = in.read()) >= 0) {
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
			if (matched == 4) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The line is written once the response is out, so the client may be a moment ahead.
	 */
	private List<JsonNode> accessLog(int expected) throws IOException {
		Path log = this.dir.resolve("access.log");
		for (int i = 0; i < 500 && Files.readAllLines(log).size() < expected; i++) {
			sleep(20);
		}
		return Files.readAllLines(log).stream().map((line) -> JsonMapper.shared().readTree(line)).toList();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
