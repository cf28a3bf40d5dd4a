package io.latticeshop.contracts;

import java.util.Comparator;
import java.util.List;

/**
 * One entry of a {@code 400}'s {@code errors} array, the shape every service answers
 * with: {@code {"field":"items[0].quantity","message":"must be at least 1"}}.
 *
 * @param field the field or parameter as the caller wrote it: a JSON path into the body
 * ({@code items[2].quantity}) or a query or path parameter's name
 * @param message what is wrong with it, in lower case, to follow the field's name
 */
public record InvalidField(String field, String message) {

	/** Sorted by field, then message, so that the same input gets the same answer. */
	public static final Comparator<InvalidField> ORDER = Comparator.comparing(InvalidField::field)
		.thenComparing(InvalidField::message);

	/**
	 * @param fields what is wrong, in the order to report it
	 * @return the problem's {@code detail}: {@code items[0].quantity: must be at least 1;
	 * customerId: must not be blank}
	 */
	public static String detail(List<InvalidField> fields) {
		StringBuilder detail = new StringBuilder();
		for (InvalidField field : fields) {
			detail.append(detail.isEmpty() ? "" : "; ").append(field.field()).append(": ").append(field.message());
		}
		return detail.toString();
	}

}
