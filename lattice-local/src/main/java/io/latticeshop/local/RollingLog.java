package io.latticeshop.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
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

	/** Where a file is rolled: about, since lines are counted in characters. */
	public static final long MAX_BYTES = 256L * 1024 * 1024;

	private final Path file;

	private final long maxBytes;

	private Writer writer;

	private long size;

	private RollingLog(Path file, long maxBytes, Writer writer, long size) {
		this.file = file;
		this.maxBytes = maxBytes;
		this.writer = writer;
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
		return new RollingLog(null, Long.MAX_VALUE,
				new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), 0);
	}

	/**
	 * Writes one line and its line end; rolls the file first if the line would pass the
	 * size.
	 */
	public synchronized void writeLine(String line) throws IOException {
		long length = line.length() + 1L;
		if (this.file != null && this.size > 0 && this.size + length > this.maxBytes) {
			this.writer.close();
			Files.move(this.file, this.file.resolveSibling(this.file.getFileName() + ".1"),
					StandardCopyOption.REPLACE_EXISTING);
			this.writer = open(this.file);
			this.size = 0;
		}
		this.writer.write(line);
		this.writer.write('\n');
		this.size += length;
	}

	public synchronized void flush() throws IOException {
		this.writer.flush();
	}

	@Override
	public synchronized void close() throws IOException {
		this.writer.close();
	}

	private static Writer open(Path file) throws IOException {
		return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

}
