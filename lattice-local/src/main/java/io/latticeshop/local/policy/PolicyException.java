package io.latticeshop.local.policy;

import io.latticeshop.local.StartupException;

/** A policy that cannot be evaluated faithfully, found while compiling it at start-up. */
public class PolicyException extends StartupException {

	public PolicyException(String message) {
		super(message);
	}

}
