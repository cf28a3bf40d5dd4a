package io.latticeshop.lattice.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Bounds a whole call, its response body included. The read timeout bounds each read, so
 * a peer that sends a byte now and then would otherwise hold the calling thread for as
 * long as it likes; past the deadline the next read of the body fails as a timeout.
 */
final class CallDeadline implements ClientHttpRequestInterceptor {

	private final String peer;

	private final Duration budget;

	/**
	 * {@code budget}: how long a call may take from its start to its body's last byte.
	 */
	CallDeadline(String peer, Duration budget) {
		this.peer = peer;
		this.budget = budget;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		long deadline = System.nanoTime() + this.budget.toNanos();
		return new Bounded(execution.execute(request, body), deadline);
	}

	private final class Bounded implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final long deadline;

		private InputStream body;

		Bounded(ClientHttpResponse response, long deadline) {
			this.response = response;
			this.deadline = deadline;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				this.body = new FilterInputStream(this.response.getBody()) {

					@Override
					public int read() throws IOException {
						check();
						return super.read();
					}

					@Override
					public int read(byte[] target, int offset, int length) throws IOException {
						check();
						return super.read(target, offset, length);
					}

				};
			}
			return this.body;
		}

		// Unchecked, so that no layer in between turns it into something else; message
		// converters still wrap it, and PeerCallException.in finds it again.
		private void check() throws IOException {
			if (System.nanoTime() - this.deadline > 0) {
				// Closing would read the rest of the body to keep the connection: the
				// very wait the deadline is there to end.
				if (this.response.getBody() instanceof EofSensorInputStream raw) {
					raw.abort();
				}
				throw new PeerCallException(CallDeadline.this.peer, PeerCallException.Failure.TIMEOUT, null,
						"Peer '" + CallDeadline.this.peer + "' sent no complete answer within "
								+ CallDeadline.this.budget.toMillis() + " ms",
						null);
			}
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
