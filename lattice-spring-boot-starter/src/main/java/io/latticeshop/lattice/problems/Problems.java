package io.latticeshop.lattice.problems;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.latticeshop.contracts.InvalidField;
import io.latticeshop.contracts.ProblemTypes;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * The shop's problem types as Spring's {@link ProblemDetail}s. The types themselves are
 * defined once, in shop-contracts' {@link ProblemTypes}, for the order processor too.
 * Clients branch on {@code type}, so a type, once published, keeps its meaning; titles
 * and details are for humans. Services add their own domain types with
 * {@link #type(String)}.
 */
public final class Problems {

	private Problems() {
	}

	/**
	 * A problem type URI under the shop's namespace.
	 * @param name the last path segment, such as {@code order-not-found}
	 * @return the type URI
	 */
	public static URI type(String name) {
		return ProblemTypes.type(name);
	}

	/**
	 * A problem of a given type, for an
	 * {@link org.springframework.web.ErrorResponseException} to carry.
	 * @param status the response status
	 * @param type the problem type
	 * @param title a short summary that does not change between occurrences
	 * @param detail what happened this time
	 * @return the problem, ready for extra properties
	 */
	public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The type for a problem that Spring or the servlet container raised without one.
	 * Statuses without a name of their own are {@code http-<status>}: Spring's status
	 * names change between versions (413 and 422 both did), a published type must not.
	 * @param status the response status
	 * @return a type named after the status
	 */
	public static URI forStatus(HttpStatusCode status) {
		return ProblemTypes.forStatus(status.value());
	}

	/**
	 * Gives a problem without a type ({@code about:blank}) the one named after its
	 * status.
	 * @param problem the problem
	 * @return the same problem
	 */
	public static ProblemDetail typed(ProblemDetail problem) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(forStatus(HttpStatusCode.valueOf(problem.getStatus())));
		}
		return problem;
	}

	/**
	 * What a controller method's {@code @Valid}-style parameter checks found, as
	 * {@code errors} entries: one per message, named after the parameter, in the order
	 * Spring reports them.
	 * @param ex the failed parameter validation
	 * @return the entries, unsorted
	 */
	public static List<InvalidField> invalidParameters(HandlerMethodValidationException ex) {
		List<InvalidField> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String field = String.valueOf(result.getMethodParameter().getParameterName());
			result.getResolvableErrors()
				.forEach((error) -> errors.add(new InvalidField(field, String.valueOf(error.getDefaultMessage()))));
		});
		return errors;
	}

}
