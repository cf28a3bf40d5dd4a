package io.latticeshop.lattice.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.latticeshop.contracts.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path the server would resolve to another path: one with dot
 * segments ({@code /a/../b}, also percent-encoded or with path parameters such as
 * {@code ..;}) or empty segments ({@code //}).
 *
 * <p>
 * Lattice auth policies match {@code vpc-lattice-svcs:RequestPath} with wildcards, and a
 * {@code *} spans slashes: {@code /api/customers/../invoices/1} matches a grant on
 * {@code /api/customers/*}, while Tomcat resolves it to {@code /api/invoices/1}. Spring
 * MVC's default path matching works on the raw path, so such a request finds no handler
 * and is a 404; code that routes on the servlet path (a servlet of its own, or the Ant
 * path matcher) would serve the resolved path. Whatever Lattice makes of such a path, the
 * service refuses it here, before any routing, so no policy written on paths can be
 * stepped around.
 */
final class NormalPathFilter extends OncePerRequestFilter {

	private static final byte[] PROBLEM = ("{\"type\":\"" + ProblemTypes.INVALID_REQUEST
			+ "\",\"title\":\"Path not in normal form\",\"status\":400,"
			+ "\"detail\":\"The path has dot segments or empty segments; send the path it stands for.\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isNormal(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(PROBLEM.length);
		response.getOutputStream().write(PROBLEM);
	}

	/**
	 * Whether a raw request path (as sent, before decoding) is in normal form.
	 * @param rawPath the path as the request line carries it
	 * @return false for dot segments and for empty segments other than a trailing slash
	 */
	static boolean isNormal(String rawPath) {
		String path = rawPath.toLowerCase(Locale.ROOT).replace("%2e", ".");
		String[] segments = path.split("/", -1);
		for (int i = 1; i < segments.length; i++) {
			String segment = segments[i];
			int parameters = segment.indexOf(';');
			// Tomcat drops path parameters before it resolves dot segments.
			String name = (parameters >= 0) ? segment.substring(0, parameters) : segment;
			if (name.equals(".") || name.equals("..")) {
				return false;
			}
			if (name.isEmpty() && i < segments.length - 1) {
				return false;
			}
		}
		return true;
	}

}
