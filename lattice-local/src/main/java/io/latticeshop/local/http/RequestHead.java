package io.latticeshop.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed request line and header section, with what they say about the body and the
 * connection. Header names are lower case.
 */
record RequestHead(String method, String rawPath, String rawQuery, String protocol, Map<String, List<String>> headers,
		boolean keepAlive, long contentLength, boolean chunked, boolean expectsContinue) {

	/** Request line and headers together, line ends included. */
	private static final int MAX_BYTES = 64 * 1024;

	boolean http10() {
		return this.protocol.equals("HTTP/1.0");
	}

	String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null) ? null : values.get(0);
	}

	/**
	 * Reads the next request's head; null when the connection closed before one started.
	 * @throws BadRequestException when the head is too large or malformed
	 */
	static RequestHead read(Input in) throws IOException {
		int budget = MAX_BYTES;
		try {
			String requestLine;
			// Clients may send an empty line after a body (RFC 9112, section 2.2).
			do {
				requestLine = in.readLine(budget);
				if (requestLine == null) {
					return null;
				}
				budget -= requestLine.length() + 2;
			}
			while (requestLine.isEmpty());
			// Checked before the headers are read, so that garbage is answered at once.
			int first = requestLine.indexOf(' ');
			int second = (first < 0) ? -1 : requestLine.indexOf(' ', first + 1);
			if (second < 0 || requestLine.indexOf(' ', second + 1) >= 0) {
				throw new BadRequestException(400, "malformed request line");
			}
			String method = requestLine.substring(0, first);
			String target = requestLine.substring(first + 1, second);
			String protocol = requestLine.substring(second + 1);
			if (!isToken(method) || target.isEmpty() || !isVisible(target) || !protocol.startsWith("HTTP/1.")
					|| protocol.length() != 8 || !Character.isDigit(protocol.charAt(7))) {
				throw new BadRequestException(400, "malformed request line");
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			String line;
			while (!(line = readLine(in, budget)).isEmpty()) {
				budget -= line.length() + 2;
				addHeader(headers, line);
			}
			return of(method, target, protocol, Collections.unmodifiableMap(headers));
		}
		catch (Input.LineTooLongException ex) {
			throw new BadRequestException(431, "the request head is larger than " + MAX_BYTES + " bytes");
		}
	}

	private static String readLine(Input in, int budget) throws IOException {
		if (budget < 0) {
			throw new Input.LineTooLongException(MAX_BYTES);
		}
		String line = in.readLine(budget);
		if (line == null) {
			throw new EOFException("the connection closed in the middle of a request head");
		}
		return line;
	}

	private static void addHeader(Map<String, List<String>> headers, String line) throws BadRequestException {
		int colon = line.indexOf(':');
		String name = (colon > 0) ? line.substring(0, colon) : "";
		if (!isToken(name)) {
			// Also rejects obsolete line folding and space before the colon, both of
			// which let two parsers disagree about a header (RFC 9112, section 5).
			throw new BadRequestException(400, "malformed header line");
		}
		String value = line.substring(colon + 1).strip();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < ' ' && c != '\t') || c == 0x7f) {
				throw new BadRequestException(400, "control character in header " + name);
			}
		}
		String key = name.toLowerCase(Locale.ROOT);
		List<String> values = headers.putIfAbsent(key, List.of(value));
		if (values != null) {
			List<String> more = new ArrayList<>(values);
			more.add(value);
			headers.put(key, List.copyOf(more));
		}
	}

	private static RequestHead of(String method, String target, String protocol, Map<String, List<String>> headers)
			throws BadRequestException {
		String path = originForm(target);
		int question = path.indexOf('?');
		String rawPath = (question < 0) ? path : path.substring(0, question);
		String rawQuery = (question < 0) ? null : path.substring(question + 1);

		List<String> lengths = headers.get("content-length");
		List<String> encodings = headers.get("transfer-encoding");
		if (lengths != null && (encodings != null || lengths.size() > 1)) {
			// Two framings, two answers to where the next request starts: refuse both.
			throw new BadRequestException(400, "conflicting Content-Length and Transfer-Encoding");
		}
		if (encodings != null && (encodings.size() > 1 || !encodings.get(0).equalsIgnoreCase("chunked"))) {
			throw new BadRequestException(501, "unsupported Transfer-Encoding");
		}
		long contentLength = (lengths == null) ? 0 : contentLength(lengths.get(0));
		boolean http10 = protocol.equals("HTTP/1.0");
		List<String> connection = headers.getOrDefault("connection", List.of());
		boolean close = connection.stream().anyMatch((value) -> hasToken(value, "close"));
		boolean keepAlive = !close
				&& (!http10 || connection.stream().anyMatch((value) -> hasToken(value, "keep-alive")));
		List<String> expect = headers.get("expect");
		boolean expectsContinue = !http10 && expect != null && expect.get(0).equalsIgnoreCase("100-continue");
		return new RequestHead(method, rawPath, rawQuery, protocol, headers, keepAlive, contentLength,
				encodings != null, expectsContinue);
	}

	/** The path and query of a target in absolute form ({@code http://host/path}). */
	private static String originForm(String target) {
		int scheme = target.indexOf("://");
		if (target.startsWith("/") || scheme < 0) {
			return target;
		}
		int path = target.indexOf('/', scheme + 3);
		int query = target.indexOf('?', scheme + 3);
		if (path < 0 || (query >= 0 && query < path)) {
			return (query < 0) ? "/" : "/" + target.substring(query);
		}
		return target.substring(path);
	}

	private static long contentLength(String value) throws BadRequestException {
		if (value.isEmpty() || value.length() > 18) {
			throw new BadRequestException(400, "malformed Content-Length");
		}
		long length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				throw new BadRequestException(400, "malformed Content-Length");
			}
			length = length * 10 + (c - '0');
		}
		return length;
	}

	/** Whether a comma-separated header value lists {@code token}, ignoring case. */
	static boolean hasToken(String value, String token) {
		for (String part : value.split(",")) {
			if (part.strip().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	/** An RFC 9110 token: header names and methods. */
	static boolean isToken(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!valid) {
				return false;
			}
		}
		return true;
	}

	private static boolean isVisible(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c <= ' ' || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	/** A request the server answers itself, with {@code status}, and then closes. */
	static final class BadRequestException extends IOException {

		private final int status;

		BadRequestException(int status, String message) {
			super(message);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
