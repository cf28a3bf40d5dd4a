package io.latticeshop.local.sigv4;

/** What the verifier concluded about a request's signature. */
public sealed interface Verification {

	/** No signature at all: the caller is the anonymous principal. */
	record Anonymous() implements Verification {
	}

	record Verified(String accessKeyId) implements Verification {
	}

	/**
	 * A signature that does not hold. {@code message} is the 403 body, {@code reason} a
	 * short label for the access log, {@code accessKeyId} the key the signature claims,
	 * or null when it names none.
	 */
	record Rejected(String message, String reason, String accessKeyId) implements Verification {
	}

}
