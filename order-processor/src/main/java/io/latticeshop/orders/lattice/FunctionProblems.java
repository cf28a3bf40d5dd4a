package io.latticeshop.orders.lattice;

import java.net.URI;

import io.latticeshop.contracts.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problems this function answers with. Each kind has a stable {@code type}
 * URI that clients may switch on, under the base every service uses (shop-contracts'
 * {@link ProblemTypes}); titles and details are for people.
 */
final class FunctionProblems {

	private FunctionProblems() {
	}

	enum Kind {

		// The names every service uses for these statuses (docs/contracts.md); the detail
		// says which part of the event or the order is at fault.
		INVALID_REQUEST("invalid-request"), PAYLOAD_TOO_LARGE("payload-too-large"), NOT_FOUND("not-found"),
		METHOD_NOT_ALLOWED("method-not-allowed"), UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
		INTERNAL_ERROR("internal-error");

		private final String slug;

		private final URI type;

		Kind(String slug) {
			this.slug = slug;
			this.type = ProblemTypes.type(slug);
		}

		URI type() {
			return this.type;
		}

		String slug() {
			return this.slug;
		}

	}

	static ProblemDetail of(HttpStatus status, Kind kind, String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(kind.type());
		problem.setTitle(status.getReasonPhrase());
		if (instance != null && instance.startsWith("/")) {
			problem.setInstance(URI.create(safeUri(instance)));
		}
		return problem;
	}

	// The path comes from the event; anything a URI would reject is dropped rather than
	// turning a 404 into a failure to report it.
	private static String safeUri(String path) {
		String cleaned = path.replaceAll("[^A-Za-z0-9/._~%!$&'()*+,;=:@-]", "");
		try {
			URI.create(cleaned);
			return cleaned;
		}
		catch (IllegalArgumentException ex) {
			return "/";
		}
	}

}
