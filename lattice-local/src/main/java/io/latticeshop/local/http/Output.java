package io.latticeshop.local.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A connection's write buffer: a response's head and body leave in one socket write when
 * they fit, and head text goes into the buffer without an intermediate byte array.
 */
final class Output extends OutputStream {

	private final OutputStream raw;

	private final byte[] buffer = new byte[16384];

	private int count;

	Output(OutputStream raw) {
		this.raw = raw;
	}

	/**
	 * Writes text as ISO-8859-1, as HTTP heads are; other characters become {@code ?}, as
	 * with {@link String#getBytes(java.nio.charset.Charset)}.
	 */
	void writeText(String text) throws IOException {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			if (this.count == this.buffer.length) {
				drain();
			}
			char c = text.charAt(i);
			this.buffer[this.count++] = (c <= 0xff) ? (byte) c : (byte) '?';
		}
	}

	void writeLineEnd() throws IOException {
		write('\r');
		write('\n');
	}

	@Override
	public void write(int b) throws IOException {
		if (this.count == this.buffer.length) {
			drain();
		}
		this.buffer[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] source, int offset, int length) throws IOException {
		if (length > this.buffer.length - this.count) {
			drain();
			if (length >= this.buffer.length) {
				this.raw.write(source, offset, length);
				return;
			}
		}
		System.arraycopy(source, offset, this.buffer, this.count, length);
		this.count += length;
	}

	@Override
	public void flush() throws IOException {
		drain();
		this.raw.flush();
	}

	private void drain() throws IOException {
		if (this.count > 0) {
			this.raw.write(this.buffer, 0, this.count);
			this.count = 0;
		}
	}

}
