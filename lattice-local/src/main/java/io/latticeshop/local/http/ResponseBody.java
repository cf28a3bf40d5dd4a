package io.latticeshop.local.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response's body in the framing its head announced. Closing it finishes the response
 * and sends it; a body that broke its framing leaves the connection unusable.
 */
abstract class ResponseBody extends OutputStream {

	final Output out;

	private boolean closed;

	private ResponseBody(Output out) {
		this.out = out;
	}

	/**
	 * {@code Content-Length} framing; writing more or less than announced is an error.
	 */
	static ResponseBody ofLength(Output out, long length) {
		return new Fixed(out, length);
	}

	static ResponseBody chunked(Output out) {
		return new Chunked(out);
	}

	/** The body ends when the connection closes (HTTP/1.0 without a length). */
	static ResponseBody untilClose(Output out) {
		return new UntilClose(out);
	}

	/**
	 * HEAD, 204 and 304 responses: what a handler writes is dropped, so handlers can
	 * treat HEAD like GET.
	 */
	static ResponseBody none(Output out) {
		return new None(out);
	}

	/** Whether the body was closed having met its framing. */
	boolean complete() {
		return this.closed;
	}

	abstract void writeBody(byte[] source, int offset, int length) throws IOException;

	void finish() throws IOException {
	}

	@Override
	public final void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public final void write(byte[] source, int offset, int length) throws IOException {
		if (this.closed) {
			throw new IOException("the response body is closed");
		}
		if (length > 0) {
			writeBody(source, offset, length);
		}
	}

	@Override
	public final void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public final void close() throws IOException {
		if (!this.closed) {
			this.closed = true;
			finish();
			this.out.flush();
		}
	}

	final boolean closed() {
		return this.closed;
	}

	private static final class Fixed extends ResponseBody {

		private final long length;

		private long remaining;

		private boolean overrun;

		Fixed(Output out, long length) {
			super(out);
			this.length = length;
			this.remaining = length;
		}

		@Override
		boolean complete() {
			return closed() && this.remaining == 0 && !this.overrun;
		}

		@Override
		void writeBody(byte[] source, int offset, int length) throws IOException {
			if (length > this.remaining) {
				this.overrun = true;
				throw new IOException("the response body is longer than its Content-Length " + this.length);
			}
			this.out.write(source, offset, length);
			this.remaining -= length;
		}

		@Override
		void finish() throws IOException {
			if (this.remaining > 0) {
				throw new IOException("the response body ended " + this.remaining
						+ " bytes short of its Content-Length " + this.length);
			}
		}

	}

	private static final class Chunked extends ResponseBody {

		Chunked(Output out) {
			super(out);
		}

		@Override
		void writeBody(byte[] source, int offset, int length) throws IOException {
			this.out.writeText(Integer.toHexString(length));
			this.out.writeLineEnd();
			this.out.write(source, offset, length);
			this.out.writeLineEnd();
		}

		@Override
		void finish() throws IOException {
			this.out.writeText("0\r\n\r\n");
		}

	}

	private static final class UntilClose extends ResponseBody {

		UntilClose(Output out) {
			super(out);
		}

		@Override
		void writeBody(byte[] source, int offset, int length) throws IOException {
			this.out.write(source, offset, length);
		}

	}

	private static final class None extends ResponseBody {

		None(Output out) {
			super(out);
		}

		@Override
		void writeBody(byte[] source, int offset, int length) {
		}

	}

}
