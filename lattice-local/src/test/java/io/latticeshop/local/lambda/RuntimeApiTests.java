package io.latticeshop.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.latticeshop.local.server.NettyRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Runtime API of one execution environment, spoken to over raw sockets as the runtime
 * client or a stranger on the same machine would.
 */
class RuntimeApiTests {

	static final String ID = "8f4e4b1c-0000-4000-8000-000000000001";

	final NettyRuntime netty = NettyRuntime.start(1, Optional.empty());

	final InvocationQueue queue = new InvocationQueue();

	final RuntimeApi api = runtimeApi();

	@AfterEach
	void stop() {
		this.api.close();
		this.netty.close();
	}

	@Test
	void aProcessWithoutTheEnvironmentsSecretCannotTakeInvocations() throws Exception {
		String port = Integer.toString(this.api.socketAddress().getPort());
		try (Socket stranger = connect()) {
			send(stranger, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
			assertThat(head(stranger.getInputStream())).startsWith("HTTP/1.1 403 ");
		}
		String secret = this.api.address().substring(this.api.address().indexOf('/'));
		try (Socket guesser = connect()) {
			send(guesser, "GET /0000" + secret.substring(5)
					+ "/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(head(guesser.getInputStream())).startsWith("HTTP/1.1 403 ");
		}
		CompletableFuture<RuntimeApi.Result> result = invoke("{\"n\":1}");
		try (Socket environment = connect()) {
			send(environment, next());
			String response = head(environment.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 200 ").contains("Lambda-Runtime-Aws-Request-Id: " + ID);
		}
		assertThat(result).isNotDone();
	}

	@Test
	void oneNextAtATimePerEnvironment() throws Exception {
		try (Socket first = connect(); Socket second = connect()) {
			send(first, next());
			Thread.sleep(200);
			send(second, next());
			assertThat(head(second.getInputStream())).startsWith("HTTP/1.1 409 ");
		}
	}

	@Test
	void anInvocationGoesToALivePollerNotToOneWhoseConnectionClosed() throws Exception {
		try (Socket gone = connect()) {
			send(gone, next());
			Thread.sleep(200);
		}
		Thread.sleep(200);
		CompletableFuture<RuntimeApi.Result> result = invoke("{\"n\":2}");
		try (Socket environment = connect()) {
			send(environment, next());
			String response = head(environment.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 200 ").contains("Lambda-Runtime-Aws-Request-Id: " + ID);
			String answer = "{\"statusCode\":200}";
			send(environment, "POST " + prefix() + "/2018-06-01/runtime/invocation/" + ID
					+ "/response HTTP/1.1\r\nHost: x\r\n" + "Content-Length: " + answer.length() + "\r\n\r\n" + answer);
		}
		assertThat(result.get(5, TimeUnit.SECONDS).payload()).asString(StandardCharsets.UTF_8)
			.isEqualTo("{\"statusCode\":200}");
	}

	@Test
	void aBodyOverTheLimitIs413AndTheConnectionClosesUnread() throws Exception {
		try (Socket environment = connect()) {
			send(environment, "POST " + prefix() + "/2018-06-01/runtime/invocation/" + ID
					+ "/response HTTP/1.1\r\nHost: x\r\nContent-Length: 8000000\r\n\r\n");
			InputStream in = environment.getInputStream();
			assertThat(head(in)).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	private RuntimeApi runtimeApi() {
		try {
			return new RuntimeApi("arn:aws:lambda:us-east-1:000000000000:function:f", this.queue,
					new RuntimeApi.Events() {

						@Override
						public void dispatched() {
						}

						@Override
						public void answered(RuntimeApi.Invocation invocation, long nanos) {
						}

						@Override
						public void abandoned() {
						}

					}, this.netty);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private CompletableFuture<RuntimeApi.Result> invoke(String event) {
		CompletableFuture<RuntimeApi.Result> result = new CompletableFuture<>();
		this.queue.offer(new RuntimeApi.Invocation(ID, event.getBytes(StandardCharsets.UTF_8),
				System.currentTimeMillis() + 10_000, result));
		return result;
	}

	private String prefix() {
		return this.api.address().substring(this.api.address().indexOf('/'));
	}

	private String next() {
		return "GET " + prefix() + "/2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.api.socketAddress().getPort());
		socket.setSoTimeout(5000);
		return socket;
	}

	private static void send(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	/** The status line and headers of the next response. */
	private static String head(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

}
