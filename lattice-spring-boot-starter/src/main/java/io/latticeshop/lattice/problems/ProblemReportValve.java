package io.latticeshop.lattice.problems;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on a request it refused before any servlet saw it (an encoded
 * {@code /} in the path, a malformed request line, oversized headers): a problem document
 * instead of Tomcat's HTML page. Public with a no-argument constructor because Tomcat
 * instantiates it by class name.
 */
public class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(json(HttpStatusCode.valueOf(status)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is committed: nothing left to tell.
		}
	}

	// Built by hand: every value is a constant of ours, and Tomcat's valve has no access
	// to the application's JSON mapper.
	static String json(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String title = (known != null) ? known.getReasonPhrase() : "HTTP " + status.value();
		return "{\"type\":\"" + Problems.forStatus(status) + "\",\"title\":\"" + title + "\",\"status\":"
				+ status.value() + "}";
	}

}
