package io.latticeshop.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file of lines that lattice-local appends to and keeps to a size: once a line would
 * take it past {@link #MAX_BYTES}, the file becomes {@code <file>.1}, replacing the one
 * before, and a new file begins. The access log grows with every request anyone sends,
 * refused ones included, and the workloads' logs with their output; neither may fill the
 * disk. A log on standard output is never rolled.
 */
public final class RollingLog implements AutoCloseable {

	/** Where a file is rolled, in bytes. */
	public static final long MAX_BYTES = 256L * 1024 * 1024;

	private final Path file;

	private final long maxBytes;

	private static final int BUFFER_BYTES = 64 * 1024;

	private OutputStream out;

	private long size;

	private RollingLog(Path file, long maxBytes, OutputStream out, long size) {
		this.file = file;
		this.maxBytes = maxBytes;
		this.out = out;
		this.size = size;
	}

	/** Appends to {@code file}, creating it and its directory if need be. */
	public static RollingLog toFile(Path file) throws IOException {
		return toFile(file, MAX_BYTES);
	}

	/** Appends to {@code file}, rolled at {@code maxBytes}. */
	public static RollingLog toFile(Path file, long maxBytes) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		return new RollingLog(file, maxBytes, open(file), Files.exists(file) ? Files.size(file) : 0);
	}

	public static RollingLog toStdout() {
		return new RollingLog(null, Long.MAX_VALUE, new BufferedOutputStream(System.out, BUFFER_BYTES), 0);
	}

	/**
	 * Writes one line and its line end; rolls the file first if the line would pass the
	 * size.
	 */
	public synchronized void writeLine(String line) throws IOException {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		writeLine(bytes, bytes.length);
	}

	/** The same, for a line already in UTF-8: the first {@code length} bytes. */
	public synchronized void writeLine(byte[] line, int length) throws IOException {
		long total = length + 1L;
		if (this.file != null && this.size > 0 && this.size + total > this.maxBytes) {
			this.out.close();
			Files.move(this.file, this.file.resolveSibling(this.file.getFileName() + ".1"),
					StandardCopyOption.REPLACE_EXISTING);
			this.out = open(this.file);
			this.size = 0;
		}
		this.out.write(line, 0, length);
		this.out.write('\n');
		this.size += total;
	}

	public synchronized void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public synchronized void close() throws IOException {
		this.out.close();
	}

	private static OutputStream open(Path file) throws IOException {
		return new BufferedOutputStream(
				Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), BUFFER_BYTES);
	}

}
