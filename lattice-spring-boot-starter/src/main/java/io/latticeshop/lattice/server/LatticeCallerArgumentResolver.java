package io.latticeshop.lattice.server;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a handler method declare a {@link LatticeCaller} parameter.
 */
final class LatticeCallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return LatticeCaller.class.equals(parameter.getParameterType());
	}

	@Override
	public LatticeCaller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Object caller = webRequest.getAttribute(LatticeCallerFilter.ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
		if (caller instanceof LatticeCaller known) {
			return known;
		}
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		return (request != null) ? LatticeCaller.from(request::getHeader) : LatticeCaller.from((name) -> null);
	}

}
