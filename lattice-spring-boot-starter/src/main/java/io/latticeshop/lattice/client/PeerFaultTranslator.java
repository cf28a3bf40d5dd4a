package io.latticeshop.lattice.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.apache.hc.client5.http.ConnectTimeoutException;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Turns what can go wrong on the wire into {@link PeerCallException}s that name the peer.
 * A 404 is left to the caller, because only the caller knows whether "not found" is an
 * answer (an unknown customer) or a fault.
 */
final class PeerFaultTranslator implements ClientHttpRequestInterceptor, RestClient.ResponseSpec.ErrorHandler {

	// Enough of an error body to recognise Lattice's AccessDeniedException in a log line.
	private static final int MAX_DETAIL = 300;

	private final String peer;

	PeerFaultTranslator(String peer) {
		this.peer = peer;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		try {
			return execution.execute(request, body);
		}
		catch (ConnectTimeoutException ex) {
			throw failure(PeerCallException.Failure.TIMEOUT, null, "connect timed out", ex);
		}
		catch (SocketTimeoutException ex) {
			throw failure(PeerCallException.Failure.TIMEOUT, null, "no answer within the read timeout", ex);
		}
		catch (ConnectException ex) {
			throw failure(PeerCallException.Failure.UNREACHABLE, null, "connection refused", ex);
		}
		catch (IOException ex) {
			throw failure(PeerCallException.Failure.UNREACHABLE, null, String.valueOf(ex.getMessage()), ex);
		}
	}

	boolean isFault(HttpStatusCode status) {
		return status.isError() && status.value() != HttpStatus.NOT_FOUND.value();
	}

	@Override
	public void handle(HttpRequest request, ClientHttpResponse response) throws IOException {
		HttpStatusCode status = response.getStatusCode();
		PeerCallException.Failure kind = switch (status.value()) {
			case 401, 403 -> PeerCallException.Failure.REFUSED;
			// Lattice answers 503 when no target is healthy and 504 when the target
			// timed out; a peer that sheds load answers 429 or 503.
			case 429, 503 -> PeerCallException.Failure.UNREACHABLE;
			case 504 -> PeerCallException.Failure.TIMEOUT;
			default -> PeerCallException.Failure.FAILED;
		};
		throw failure(kind, status, "answered " + status.value() + ": " + excerpt(response), null);
	}

	private PeerCallException failure(PeerCallException.Failure kind, HttpStatusCode status, String what,
			Throwable cause) {
		return new PeerCallException(this.peer, kind, status, "Peer '" + this.peer + "' " + what, cause);
	}

	private static String excerpt(ClientHttpResponse response) {
		try (InputStream body = response.getBody()) {
			String text = new String(body.readNBytes(MAX_DETAIL), StandardCharsets.UTF_8);
			return text.replaceAll("\\s+", " ").strip();
		}
		catch (IOException ex) {
			return "(body unreadable: " + ex.getMessage() + ")";
		}
	}

}
