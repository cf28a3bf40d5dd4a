package io.latticeshop.contracts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers VPC Lattice adds to every request it forwards to a target, and how their
 * values read: {@code Key=value; Key=value} ({@code x-amzn-lattice-identity}) or
 * {@code Key=value;Key=value} ({@code x-amzn-lattice-target}). Values are ARNs and
 * session names, which may hold {@code =} but not {@code ;}.
 */
public final class LatticeHeaders {

	/**
	 * Who called: {@code Principal}, {@code PrincipalOrgID}, {@code SessionName},
	 * {@code Type}.
	 */
	public static final String IDENTITY = "x-amzn-lattice-identity";

	/** Where from: {@code SourceVpcArn}. */
	public static final String NETWORK = "x-amzn-lattice-network";

	/**
	 * Where to: {@code ServiceArn}, {@code ServiceNetworkArn}, {@code TargetGroupArn}.
	 */
	public static final String TARGET = "x-amzn-lattice-target";

	private LatticeHeaders() {
	}

	/**
	 * The fields of one header value, in order. A field without a value is left out, and
	 * a field given twice keeps its first value: Lattice writes each once, so a second is
	 * not Lattice's.
	 * @param value the header's value, or null
	 */
	public static Map<String, String> fields(String value) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (value == null || value.isBlank()) {
			return fields;
		}
		for (String part : value.split(";")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String name = part.substring(0, equals).strip();
			String field = part.substring(equals + 1).strip();
			if (!name.isEmpty() && !field.isEmpty()) {
				fields.putIfAbsent(name, field);
			}
		}
		return fields;
	}

}
