package io.latticeshop.local.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwards to an INSTANCE, IP or ALB target over HTTP/1.1, streaming bodies both ways.
 * One pooled client for all targets keeps connections alive between requests.
 */
public final class HttpTarget implements Target {

	/** Hop-by-hop headers, and those the JDK client sets itself and refuses to take. */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "host", "expect",
			"http2-settings");

	private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "transfer-encoding",
			"content-length", "trailer", "upgrade", ":status");

	private final HttpClient client;

	private final URI base;

	private final Duration timeout;

	private final String ipPort;

	public HttpTarget(HttpClient client, URI base, Duration timeout) {
		this.client = client;
		this.base = base;
		this.timeout = timeout;
		this.ipPort = base.getHost() + ":" + (base.getPort() < 0 ? 80 : base.getPort());
	}

	public static HttpClient sharedClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	@Override
	public Outcome forward(ForwardedRequest request) throws IOException, TargetException {
		String query = request.rawQuery();
		URI uri = this.base.resolve(request.rawPath() + (query != null ? "?" + query : ""));
		HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
		if (request.hasBody()) {
			String length = request.first("content-length");
			HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(request::body);
			body = (length != null) ? HttpRequest.BodyPublishers.fromPublisher(stream, Long.parseLong(length)) : stream;
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(this.timeout).method(request.method(), body);
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			if (!NOT_FORWARDED.contains(header.getKey())) {
				for (String value : header.getValue()) {
					builder.header(header.getKey(), value);
				}
			}
		}
		long sent = System.nanoTime();
		HttpResponse<InputStream> response;
		try {
			response = this.client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpConnectTimeoutException | ConnectException ex) {
			throw new TargetException(503,
					"Service Unavailable: the target " + this.ipPort + " refused or did not " + "accept the connection",
					this.ipPort);
		}
		catch (HttpTimeoutException ex) {
			throw new TargetException(504, "Gateway Timeout: the target " + this.ipPort + " did not answer within "
					+ this.timeout.toSeconds() + "s", this.ipPort);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TargetException(503, "Service Unavailable: interrupted", this.ipPort);
		}
		catch (IOException ex) {
			throw new TargetException(502, "Bad Gateway: the target " + this.ipPort + " failed: " + ex.getMessage(),
					this.ipPort);
		}
		long firstByte = System.nanoTime();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, values);
			}
		});
		long length = response.headers().firstValueAsLong("content-length").orElse(-1);
		long bytes = 0;
		try (InputStream in = response.body();
				OutputStream out = request.respond(response.statusCode(), headers, length)) {
			byte[] buffer = new byte[16384];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				bytes += read;
			}
		}
		return new Outcome(response.statusCode(), bytes, this.ipPort, (firstByte - sent) / 1_000_000,
				(System.nanoTime() - firstByte) / 1_000_000);
	}

}
