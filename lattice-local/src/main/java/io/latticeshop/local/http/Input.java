package io.latticeshop.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection's read buffer. Unlike {@link java.io.BufferedInputStream} it takes no lock
 * per call (one thread owns a connection), and it finds line ends by scanning its own
 * array, so a request head costs one socket read and one string per line. The server
 * reads requests through it, and {@code HttpTarget} reads its targets' responses.
 */
public final class Input extends InputStream {

	private final InputStream raw;

	private byte[] buffer = new byte[16384];

	private int position;

	private int limit;

	public Input(InputStream raw) {
		this.raw = raw;
	}

	/**
	 * The next line without its CRLF (or bare LF), or null when the stream ends before
	 * the line starts.
	 * @throws LineTooLongException when the line has more than {@code max} bytes
	 */
	public String readLine(int max) throws IOException {
		int scanned = this.position;
		while (true) {
			for (int i = scanned; i < this.limit; i++) {
				if (this.buffer[i] == '\n') {
					int end = (i > this.position && this.buffer[i - 1] == '\r') ? i - 1 : i;
					if (end - this.position > max) {
						throw new LineTooLongException(max);
					}
					String line = new String(this.buffer, this.position, end - this.position,
							StandardCharsets.ISO_8859_1);
					this.position = i + 1;
					return line;
				}
			}
			if (this.limit - this.position > max + 1) {
				throw new LineTooLongException(max);
			}
			if (this.position > 0) {
				System.arraycopy(this.buffer, this.position, this.buffer, 0, this.limit - this.position);
				this.limit -= this.position;
				this.position = 0;
			}
			scanned = this.limit;
			if (this.limit == this.buffer.length) {
				// Only a line longer than the buffer (a huge cookie) gets here; max
				// bounds the growth.
				this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
			}
			int read = this.raw.read(this.buffer, this.limit, this.buffer.length - this.limit);
			if (read < 0) {
				if (this.limit == 0) {
					return null;
				}
				throw new EOFException("the connection closed in the middle of a line");
			}
			this.limit += read;
		}
	}

	/**
	 * The chunked body that starts here, decoded: it ends after the last chunk, whose
	 * trailers it reads and drops, and fails on a malformed or cut-short body. For
	 * chunked messages this side receives in either direction: request bodies at the
	 * server, target responses at the proxy.
	 */
	public InputStream chunkedBody() {
		return RequestBody.chunked(this, null);
	}

	@Override
	public int read() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.position == this.limit) {
			if (length >= this.buffer.length) {
				return this.raw.read(target, offset, length);
			}
			if (!fill()) {
				return -1;
			}
		}
		int count = Math.min(length, this.limit - this.position);
		System.arraycopy(this.buffer, this.position, target, offset, count);
		this.position += count;
		return count;
	}

	private boolean fill() throws IOException {
		int read = this.raw.read(this.buffer, 0, this.buffer.length);
		if (read <= 0) {
			return false;
		}
		this.position = 0;
		this.limit = read;
		return true;
	}

	static final class LineTooLongException extends IOException {

		LineTooLongException(int max) {
			super("line longer than " + max + " bytes");
		}

	}

}
