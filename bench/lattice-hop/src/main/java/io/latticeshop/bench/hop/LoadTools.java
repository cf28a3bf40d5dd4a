package io.latticeshop.bench.hop;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (HTTP/1.1) and h2load (HTTP/2 over cleartext), Debian's packages, as closed-loop
 * load at saturation: each connection sends its next request when the last one is
 * answered. A signed request is signed once per phase and replayed, well within SigV4's
 * five-minute window; lattice-local verifies every copy.
 */
final class LoadTools {

	/** Latencies in milliseconds; errors are non-2xx answers and socket errors. */
	record Saturation(String path, String protocol, double throughput, double p50Millis, double p99Millis,
			long errors) {
	}

	private final HopSigner signer = new HopSigner();

	Saturation wrk(String path, URI uri, boolean signed, int connections, int seconds)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "10s"));
		Map<String, String> headers = signed ? this.signer.sign("GET", uri)
				: Map.of("Host", uri.getHost() + ":" + uri.getPort());
		for (Map.Entry<String, String> header : headers.entrySet()) {
			command.add("-H");
			command.add(header.getKey() + ": " + header.getValue());
		}
		command.add(uri.toString());
		String output = run(command, seconds);
		long errors = number(output, "Non-2xx or 3xx responses:\\s+(\\d+)", 0);
		Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
			.matcher(output);
		if (socket.find()) {
			for (int i = 1; i <= 4; i++) {
				errors += Long.parseLong(socket.group(i));
			}
		}
		return new Saturation(path, "HTTP/1.1", decimal(output, "Requests/sec:\\s+([\\d.]+)"), millis(output, "50%"),
				millis(output, "99%"), errors);
	}

	Saturation h2load(String path, URI uri, int connections, int seconds) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("h2load", "-c" + connections, "-m1", "-D" + seconds, "--warm-up-time=1"));
		for (Map.Entry<String, String> header : this.signer.sign("GET", uri).entrySet()) {
			command.add("-H");
			command.add(header.getKey() + ": " + header.getValue());
		}
		command.add(uri.toString());
		String output = run(command, seconds + 1);
		long failed = number(output, "(\\d+) failed", 0) + number(output, "(\\d+) errored", 0)
				+ number(output, "\\d+ 2xx, (\\d+) 3xx", 0) + number(output, "(\\d+) 4xx", 0)
				+ number(output, "(\\d+) 5xx", 0);
		return new Saturation(path, "HTTP/2", decimal(output, "finished in [\\d.]+m?s, ([\\d.]+) req/s"), 0, 0, failed);
	}

	private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException(command.get(0) + " did not finish");
		}
		String text = new String(output, StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IOException(command.get(0) + " failed: " + text);
		}
		return text;
	}

	private static double decimal(String output, String regex) throws IOException {
		Matcher matcher = Pattern.compile(regex).matcher(output);
		if (!matcher.find()) {
			throw new IOException("no '" + regex + "' in: " + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static long number(String output, String regex, long fallback) {
		Matcher matcher = Pattern.compile(regex).matcher(output);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : fallback;
	}

	/** A wrk latency percentile line, e.g. {@code 99%    1.23ms}. */
	private static double millis(String output, String percentile) throws IOException {
		Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
		if (!matcher.find()) {
			throw new IOException("no " + percentile + " latency in: " + output);
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}

}
