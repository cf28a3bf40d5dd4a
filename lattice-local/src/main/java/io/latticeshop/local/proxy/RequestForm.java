package io.latticeshop.local.proxy;

import java.util.List;
import java.util.Locale;

/**
 * Checks that a request says exactly one thing before anything is decided on it: the path
 * the policies match is the path the target serves, the method is the one the policies
 * compare, and the Host names this service. Each check returns why a request is refused,
 * or null.
 */
final class RequestForm {

	private RequestForm() {
	}

	/**
	 * A path in normal form: starts with {@code /}, no dot segments and no empty segments
	 * (a trailing {@code /} aside), only characters RFC 3986 allows in a path, and
	 * percent escapes only where they are needed: never for a letter, digit,
	 * {@code - . _ ~}, nor for {@code /} or {@code \}. Anything else could match a
	 * policy's path in one spelling and reach the target in another.
	 */
	static String pathProblem(String path) {
		if (path.isEmpty() || path.charAt(0) != '/') {
			return "the request target must be a path starting with '/'";
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '%') {
				if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
					return "the path has a '%' that does not start a percent escape (%XX)";
				}
				int decoded = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
				if (decoded == '/' || decoded == '\\') {
					return "the path encodes a '/' or '\\' (" + path.substring(i, i + 3) + ")";
				}
				if (unreserved(decoded)) {
					return "the path percent-encodes '" + (char) decoded + "', which needs no encoding ("
							+ path.substring(i, i + 3) + ")";
				}
				i += 2;
			}
			else if (!pathChar(c)) {
				return "the path has a character that must be percent-encoded (" + printable(c) + ")";
			}
		}
		int segmentStart = 1;
		for (int i = 1; i <= path.length(); i++) {
			if (i == path.length() || path.charAt(i) == '/') {
				String segment = path.substring(segmentStart, i);
				if (segment.equals(".") || segment.equals("..")) {
					return "the path has a dot segment ('" + segment + "')";
				}
				if (segment.isEmpty() && i < path.length()) {
					return "the path has an empty segment ('//')";
				}
				segmentStart = i + 1;
			}
		}
		return null;
	}

	/** A query of characters RFC 3986 allows there, with whole percent escapes. */
	static String queryProblem(String query) {
		if (query == null) {
			return null;
		}
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				if (i + 2 >= query.length() || hex(query.charAt(i + 1)) < 0 || hex(query.charAt(i + 2)) < 0) {
					return "the query has a '%' that does not start a percent escape (%XX)";
				}
				i += 2;
			}
			else if (!pathChar(c) && c != '?') {
				return "the query has a character that must be percent-encoded (" + printable(c) + ")";
			}
		}
		return null;
	}

	/** Methods are case-sensitive, and every method Lattice routes is upper case. */
	static String methodProblem(String method) {
		for (int i = 0; i < method.length(); i++) {
			if (Character.isLowerCase(method.charAt(i))) {
				return "the method '" + method + "' is not upper case";
			}
		}
		return null;
	}

	/**
	 * Exactly one Host, with a port that is a number, and no brackets left open; null
	 * when acceptable.
	 */
	static String hostProblem(List<String> hosts) {
		if (hosts.isEmpty()) {
			return "the request has no Host header";
		}
		if (hosts.size() > 1) {
			return "the request has more than one Host header";
		}
		String host = hosts.get(0);
		if (host.isEmpty()) {
			return "the Host header is empty";
		}
		int close = host.indexOf(']');
		if (host.startsWith("[") != (close > 0)) {
			return "the Host header '" + host + "' is not a host name or address";
		}
		int colon = host.lastIndexOf(':');
		if (colon >= 0 && close < colon) {
			String port = host.substring(colon + 1);
			if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
					|| Integer.parseInt(port) > 65535) {
				return "the Host header's port '" + port + "' is not a port number";
			}
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 128) && ".-:[]_".indexOf(c) < 0) {
				return "the Host header '" + host + "' is not a host name or address";
			}
		}
		return null;
	}

	/** The host name of a Host header value, lower case, without its port. */
	static String hostName(String host) {
		int close = host.indexOf(']');
		int colon = host.lastIndexOf(':');
		String name = (colon >= 0 && close < colon) ? host.substring(0, colon) : host;
		return name.toLowerCase(Locale.ROOT);
	}

	/** The port of a Host header value, or -1 when it names none. */
	static int hostPort(String host) {
		int close = host.indexOf(']');
		int colon = host.lastIndexOf(':');
		return (colon >= 0 && close < colon) ? Integer.parseInt(host.substring(colon + 1)) : -1;
	}

	private static boolean pathChar(char c) {
		return unreserved(c) || "!$&'()*+,;=:@/".indexOf(c) >= 0;
	}

	private static boolean unreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	private static String printable(char c) {
		return (c >= 0x21 && c < 0x7f) ? "'" + c + "'" : String.format("0x%02X", (int) c);
	}

}
