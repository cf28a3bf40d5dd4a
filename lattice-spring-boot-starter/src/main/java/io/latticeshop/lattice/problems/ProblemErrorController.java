package io.latticeshop.lattice.problems;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors that never reached a handler (the servlet container rejected the
 * request, or a filter failed) as problems too, in place of Boot's default error body.
 */
@RestController
final class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = status(request);
		ProblemDetail problem = ProblemDetail.forStatus(status);
		if (status.is4xxClientError()) {
			Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
			if (message instanceof String text && !text.isBlank()) {
				problem.setDetail(text);
			}
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// The container let through a path that is no valid URI; say nothing of
				// it.
			}
		}
		Problems.typed(problem);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatusCode status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code instanceof Integer value && value >= 400 && value < 600) {
			return HttpStatusCode.valueOf(value);
		}
		// Without an error status, someone asked for the error path itself.
		return HttpStatus.NOT_FOUND;
	}

}
