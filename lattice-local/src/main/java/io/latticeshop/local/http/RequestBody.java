package io.latticeshop.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, bounded by its framing so that a handler cannot read into the next
 * request on the connection. A client that sent {@code Expect: 100-continue} hears
 * {@code 100 Continue} when the handler first reads, so a request refused without reading
 * its body is never uploaded.
 */
abstract class RequestBody extends InputStream {

	/** How much of the trailer section of a chunked body is read before giving up. */
	private static final int MAX_TRAILERS = 64 * 1024;

	private static final int MAX_CHUNK_LINE = 4096;

	final Input in;

	private Output continueTo;

	private RequestBody(Input in, Output continueTo) {
		this.in = in;
		this.continueTo = continueTo;
	}

	static RequestBody ofLength(Input in, long length, Output continueTo) {
		return new Fixed(in, length, (length > 0) ? continueTo : null);
	}

	static RequestBody chunked(Input in, Output continueTo) {
		return new Chunked(in, continueTo);
	}

	/** True while a client waits for {@code 100 Continue} that was not sent yet. */
	boolean awaitingContinue() {
		return this.continueTo != null;
	}

	/** Once the response has started, a {@code 100 Continue} would land inside it. */
	void forgoContinue() {
		this.continueTo = null;
	}

	/** Bytes left to read when the framing says so, else -1. */
	abstract long knownRemaining();

	/** Whether the whole body has been read. */
	abstract boolean finished();

	abstract int readBody(byte[] target, int offset, int length) throws IOException;

	@Override
	public final int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public final int read(byte[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.continueTo != null) {
			Output out = this.continueTo;
			this.continueTo = null;
			out.writeText("HTTP/1.1 100 Continue\r\n\r\n");
			out.flush();
		}
		return readBody(target, offset, length);
	}

	/**
	 * Reads and drops what the handler left unread, up to {@code limit} bytes; true when
	 * the body ended within the limit, so the connection can carry another request.
	 */
	final boolean skipRest(long limit) throws IOException {
		byte[] scratch = null;
		long skipped = 0;
		while (!finished()) {
			if (skipped >= limit) {
				return false;
			}
			scratch = (scratch != null) ? scratch : new byte[8192];
			int read = readBody(scratch, 0, (int) Math.min(scratch.length, limit - skipped));
			if (read > 0) {
				skipped += read;
			}
		}
		return true;
	}

	/** Closing leaves the rest to the server, which skips it or closes the connection. */
	@Override
	public final void close() {
	}

	private static final class Fixed extends RequestBody {

		private long remaining;

		Fixed(Input in, long length, Output continueTo) {
			super(in, continueTo);
			this.remaining = length;
		}

		@Override
		long knownRemaining() {
			return this.remaining;
		}

		@Override
		boolean finished() {
			return this.remaining == 0;
		}

		@Override
		int readBody(byte[] target, int offset, int length) throws IOException {
			if (this.remaining == 0) {
				return -1;
			}
			int read = this.in.read(target, offset, (int) Math.min(length, this.remaining));
			if (read < 0) {
				throw new EOFException(
						"the client closed the connection " + this.remaining + " bytes before the end of the body");
			}
			this.remaining -= read;
			return read;
		}

	}

	private static final class Chunked extends RequestBody {

		/** Left in the current chunk; 0 between chunks. */
		private long chunkRemaining;

		private boolean afterChunk;

		private boolean done;

		Chunked(Input in, Output continueTo) {
			super(in, continueTo);
		}

		@Override
		long knownRemaining() {
			return this.done ? 0 : -1;
		}

		@Override
		boolean finished() {
			return this.done;
		}

		@Override
		int readBody(byte[] target, int offset, int length) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.chunkRemaining == 0) {
				if (this.afterChunk && !line(MAX_CHUNK_LINE).isEmpty()) {
					throw new IOException("malformed chunked body: no line end after a chunk");
				}
				this.chunkRemaining = chunkSize(line(MAX_CHUNK_LINE));
				this.afterChunk = true;
				if (this.chunkRemaining == 0) {
					skipTrailers();
					this.done = true;
					return -1;
				}
			}
			int read = this.in.read(target, offset, (int) Math.min(length, this.chunkRemaining));
			if (read < 0) {
				throw new EOFException("the connection closed in the middle of a chunk");
			}
			this.chunkRemaining -= read;
			return read;
		}

		private void skipTrailers() throws IOException {
			int budget = MAX_TRAILERS;
			String trailer;
			while (!(trailer = line(budget)).isEmpty()) {
				budget -= trailer.length() + 2;
			}
		}

		private String line(int max) throws IOException {
			String line = this.in.readLine(Math.max(max, 0));
			if (line == null) {
				throw new EOFException("the connection closed in the middle of a chunked body");
			}
			return line;
		}

		private static long chunkSize(String line) throws IOException {
			int end = line.indexOf(';');
			String digits = ((end < 0) ? line : line.substring(0, end)).strip();
			if (digits.isEmpty() || digits.length() > 15) {
				throw new IOException("malformed chunk size '" + line + "'");
			}
			long size = 0;
			for (int i = 0; i < digits.length(); i++) {
				int digit = Character.digit(digits.charAt(i), 16);
				if (digit < 0) {
					throw new IOException("malformed chunk size '" + line + "'");
				}
				size = size * 16 + digit;
			}
			return size;
		}

	}

}
