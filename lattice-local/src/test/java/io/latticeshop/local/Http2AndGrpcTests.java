package io.latticeshop.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.latticeshop.local.binding.BindingReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTP/2 and gRPC through a service endpoint, with independent clients and servers: the
 * JDK's HTTP/2 client (h2c by {@code Upgrade}) and grpc-java (h2c by prior knowledge).
 * The target group's {@code ProtocolVersion} decides what lattice-local speaks to the
 * target.
 */
class Http2AndGrpcTests {

	static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	};

	static final MethodDescriptor<String, String> SAY = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("lattice.test.Echo/Say")
		.setRequestMarshaller(TEXT)
		.setResponseMarshaller(TEXT)
		.build();

	@TempDir
	Path dir;

	LatticeLocal local;

	Server grpcTarget;

	HttpServer httpTarget;

	ManagedChannel channel;

	final Map<String, String> seenByTarget = new ConcurrentHashMap<>();

	final SignedClient webServer = new SignedClient(SignedClient.http(), "us-east-1", "AKIAWEB", "web-secret");

	@AfterEach
	void stop() throws Exception {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.local != null) {
			this.local.close();
		}
		if (this.grpcTarget != null) {
			this.grpcTarget.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.httpTarget != null) {
			this.httpTarget.stop(0);
		}
	}

	@Test
	void anHttp2ClientReachesAnHttp1TargetAndHearsBackInHttp2() throws Exception {
		this.httpTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.httpTarget.createContext("/", (exchange) -> {
			byte[] body = ("HTTP/1.1 target saw " + exchange.getRequestURI() + " from "
					+ exchange.getRequestHeaders().getFirst("x-amzn-lattice-identity"))
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.httpTarget.start();
		URI endpoint = start("HTTP1", this.httpTarget.getAddress().getPort());
		HttpClient http2 = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		SignedClient client = new SignedClient(http2, "us-east-1", "AKIAWEB", "web-secret");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = client.send("GET", endpoint.resolve("/api/customers/C-100" + i), null,
					null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.body()).startsWith("HTTP/1.1 target saw /api/customers/C-100" + i + " from Principal=");
		}
	}

	@Test
	void aSignedGrpcCallReachesAGrpcTargetWithLatticesHeaders() throws Exception {
		URI endpoint = start("GRPC", startGrpcTarget());
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", endpoint.getPort()).usePlaintext().build();
		Channel signed = ClientInterceptors.intercept(this.channel, signing());
		String reply = ClientCalls.blockingUnaryCall(signed, SAY,
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "lattice");
		assertThat(reply).isEqualTo("hello, lattice");
		assertThat(this.seenByTarget.get("x-amzn-lattice-identity"))
			.startsWith("Principal=arn:aws:sts::000000000000:assumed-role/WebServerRole0A1B2C3D/web-server");
	}

	@Test
	void anUnsignedGrpcCallIsRefusedAsPermissionDenied() throws Exception {
		URI endpoint = start("GRPC", startGrpcTarget());
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", endpoint.getPort()).usePlaintext().build();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ClientCalls.blockingUnaryCall(this.channel, SAY,
					CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "lattice"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
				assertThat(ex.getStatus().getDescription()).contains("403");
			});
		assertThat(this.seenByTarget).isEmpty();
	}

	@Test
	void anHttp1ClientReachesAGrpcTargetAndGetsItsTrailers() throws Exception {
		URI endpoint = start("GRPC", startGrpcTarget());
		byte[] message = "http/1.1".getBytes(StandardCharsets.UTF_8);
		ByteBuffer framed = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);
		HttpRequest request = this.webServer.request("POST", endpoint.resolve("/lattice.test.Echo/Say"),
				"application/grpc", framed.array(), "te", "trailers");
		HttpResponse<byte[]> response = this.webServer.httpClient()
			.send(request, HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc");
		assertThat(new String(response.body(), 5, response.body().length - 5, StandardCharsets.UTF_8))
			.isEqualTo("hello, http/1.1");
	}

	private int startGrpcTarget() throws IOException {
		ServerServiceDefinition echo = ServerServiceDefinition.builder("lattice.test.Echo")
			.addMethod(SAY, ServerCalls.asyncUnaryCall((name, response) -> {
				response.onNext("hello, " + name);
				response.onCompleted();
			}))
			.build();
		ServerInterceptor recordHeaders = new ServerInterceptor() {

			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				for (String name : Set.of("x-amzn-lattice-identity", "x-amzn-lattice-network", "authorization")) {
					String value = headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
					if (value != null) {
						Http2AndGrpcTests.this.seenByTarget.put(name, value);
					}
				}
				return next.startCall(call, headers);
			}

		};
		this.grpcTarget = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(echo, recordHeaders))
			.build()
			.start();
		return this.grpcTarget.getPort();
	}

	/**
	 * Signs each call as the web server: method POST, the call's path, its content type.
	 */
	private ClientInterceptor signing() {
		return new ClientInterceptor() {

			@Override
			public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
					Channel next) {
				return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {

					@Override
					public void start(Listener<R> listener, Metadata headers) {
						HttpRequest request = Http2AndGrpcTests.this.webServer.request("POST",
								URI.create("http://" + next.authority() + "/" + method.getFullMethodName()),
								"application/grpc", null);
						for (String name : Set.of("authorization", "x-amz-date", "x-amz-content-sha256")) {
							request.headers()
								.firstValue(name)
								.ifPresent((value) -> headers
									.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
						}
						super.start(listener, headers);
					}

				};
			}

		};
	}

	/**
	 * The test template with the ERP's target group speaking {@code protocolVersion} and
	 * a grant for the web server to call the gRPC service.
	 */
	private URI start(String protocolVersion, int targetPort) throws IOException {
		ObjectNode template = (ObjectNode) JsonMapper.shared()
			.readTree(Path.of("src/test/resources/shop.template.json").toFile());
		ObjectNode resources = (ObjectNode) template.get("Resources");
		((ObjectNode) resources.get("ErpTargets").get("Properties").get("Config")).put("ProtocolVersion",
				protocolVersion);
		ObjectNode policy = (ObjectNode) resources.get("ErpPolicy").get("Properties").get("Policy");
		ArrayNode statements = (ArrayNode) policy.get("Statement");
		ObjectNode grpc = (ObjectNode) statements.get(0).deepCopy();
		((ArrayNode) ((ObjectNode) grpc.get("Resource")).get("Fn::Join").get(1)).set(1, "/lattice.test.Echo/*");
		((ObjectNode) grpc.get("Condition").get("StringEquals")).put("vpc-lattice-svcs:RequestMethod", "POST");
		statements.add(grpc);
		Path templateFile = this.dir.resolve("grpc.template.json");
		JsonMapper.shared().writeValue(templateFile.toFile(), template);
		Path binding = TestBindings.write(this.dir, templateFile, """
				services:
				  erp-service: { listen: 127.0.0.1:0 }
				targets:
				  ErpTargets: { url: http://127.0.0.1:%d, timeout: 5s }
				""".formatted(targetPort));
		this.local = new LatticeLocal();
		this.local.start(BindingReader.read(binding));
		return URI.create("http://127.0.0.1:" + this.local.addresses().get("erp-service").getPort());
	}

}
