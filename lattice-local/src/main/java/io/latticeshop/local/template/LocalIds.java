package io.latticeshop.local.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic stand-ins for the physical ids CloudFormation would assign, so that the
 * same template always yields the same ARNs, VPC ids and DNS names across runs and
 * machines (tests and curl lines can then be pasted).
 */
public final class LocalIds {

	/** The account every local resource and workload lives in. */
	public static final String ACCOUNT = "000000000000";

	private LocalIds() {
	}

	/**
	 * 17 lowercase hex characters, the length AWS uses after {@code vpc-},
	 * {@code svc-}...
	 */
	public static String hex17(String kind, String logicalId) {
		return hex(kind + ":" + logicalId).substring(0, 17);
	}

	static String hex(String seed) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Lattice names allow only a-z, 0-9 and single inner hyphens. */
	static String latticeName(String logicalId) {
		String name = logicalId.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase().replaceAll("[^a-z0-9]+", "-");
		name = name.replaceAll("^-+|-+$", "");
		return name.length() > 40 ? name.substring(0, 40).replaceAll("-+$", "") : name;
	}

}
