package io.latticeshop.lattice.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the {@link LatticeCaller} of each request available to controllers (as a request
 * attribute, resolved into handler parameters) and to every log line written while the
 * request is handled (MDC keys {@code lattice.principal} and {@code lattice.sourceVpc}).
 */
final class LatticeCallerFilter extends OncePerRequestFilter {

	static final String ATTRIBUTE = LatticeCaller.class.getName();

	static final String MDC_PRINCIPAL = "lattice.principal";

	static final String MDC_SOURCE_VPC = "lattice.sourceVpc";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		LatticeCaller caller = LatticeCaller.from(request::getHeader);
		request.setAttribute(ATTRIBUTE, caller);
		MDC.put(MDC_PRINCIPAL, caller.isAuthenticated() ? caller.principal() : "anonymous");
		if (caller.sourceVpcArn() != null) {
			MDC.put(MDC_SOURCE_VPC, caller.sourceVpcArn());
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_PRINCIPAL);
			MDC.remove(MDC_SOURCE_VPC);
		}
	}

}
