package io.latticeshop.local;

/**
 * A problem in the template or the binding file that must stop lattice-local before it
 * opens any endpoint: running with a half-understood policy would silently change who may
 * call what.
 */
public class StartupException extends RuntimeException {

	public StartupException(String message) {
		super(message);
	}

	public StartupException(String message, Throwable cause) {
		super(message, cause);
	}

}
