package io.latticeshop.local.accesslog;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import io.latticeshop.local.RollingLog;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line per request, with the field names of VPC Lattice's access logs so that
 * queries written against CloudWatch Logs work on the local file too.
 *
 * <p>
 * One writer thread owns the file: request threads only queue their entry, which the
 * writer serializes field by field ({@link AccessLogEntry}), off the requests' path. The
 * writer wakes every 20 ms, writes what has queued and flushes: a line is on disk within
 * about 20 ms of its response, a busy endpoint pays one write for many lines, and queuing
 * an entry never wakes a thread, which on a busy event loop costs more than the entry
 * itself.
 */
public final class AccessLog implements AutoCloseable {

	private static final AccessLogEntry END = new AccessLogEntry();

	private final RollingLog log;

	private static final long PERIOD_NANOS = 20_000_000L;

	private final ConcurrentLinkedQueue<AccessLogEntry> entries = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private AccessLog(RollingLog log) {
		this.log = log;
		this.thread = Thread.ofPlatform().name("access-log").daemon(true).start(this::drain);
	}

	/** Appends to {@code file}, kept to a size as {@link RollingLog} says. */
	public static AccessLog toFile(Path file) {
		try {
			return new AccessLog(RollingLog.toFile(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open access log " + file, ex);
		}
	}

	public static AccessLog toStdout() {
		return new AccessLog(RollingLog.toStdout());
	}

	/** Queues one entry; the caller hands it over and must not change it afterwards. */
	public void write(AccessLogEntry entry) {
		this.entries.add(entry);
	}

	private void drain() {
		StringWriter line = new StringWriter(2048);
		try {
			while (true) {
				AccessLogEntry entry = this.entries.poll();
				if (entry == null) {
					LockSupport.parkNanos(PERIOD_NANOS);
					continue;
				}
				while (entry != null) {
					if (entry == END) {
						this.log.flush();
						return;
					}
					line.getBuffer().setLength(0);
					try (JsonGenerator json = JsonMapper.shared().createGenerator(line)) {
						entry.writeTo(json);
					}
					this.log.writeLine(line.toString());
					entry = this.entries.poll();
				}
				this.log.flush();
			}
		}
		catch (IOException ex) {
			System.err.println("lattice-local: access log write failed: " + ex.getMessage());
		}
	}

	@Override
	public void close() throws IOException {
		this.entries.add(END);
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.log.close();
	}

}
