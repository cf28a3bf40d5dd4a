package io.latticeshop.local.accesslog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line per request, with the field names of VPC Lattice's access logs so that
 * queries written against CloudWatch Logs work on the local file too.
 */
public final class AccessLog implements AutoCloseable {

	private final Writer writer;

	// A lock rather than synchronized: virtual threads must not pin while writing.
	private final ReentrantLock lock = new ReentrantLock();

	private AccessLog(Writer writer) {
		this.writer = writer;
	}

	public static AccessLog toFile(Path file) {
		try {
			if (file.getParent() != null) {
				Files.createDirectories(file.getParent());
			}
			return new AccessLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open access log " + file, ex);
		}
	}

	public static AccessLog toStdout() {
		return new AccessLog(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
	}

	public void write(Map<String, Object> entry) {
		String line = JsonMapper.shared().writeValueAsString(entry);
		this.lock.lock();
		try {
			this.writer.write(line);
			this.writer.write('\n');
			this.writer.flush();
		}
		catch (IOException ex) {
			System.err.println("lattice-local: access log write failed: " + ex.getMessage());
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() throws IOException {
		this.writer.close();
	}

}
