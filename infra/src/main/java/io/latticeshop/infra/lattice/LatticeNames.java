package io.latticeshop.infra.lattice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The physical names of a stack's Lattice resources. Lattice names are unique per account
 * and region, and so are stack names: names derived from the stack name let copies of the
 * shop live side by side.
 * <p>
 * Lattice accepts lowercase letters, digits and single hyphens, neither first nor last; a
 * service name has 3 to 40 characters, a service network name 3 to 63. A prefix that
 * would make a name longer is cut and ends in a hash of the uncut prefix, so that two
 * long stack names with the same start still differ. Stack names that differ only in case
 * or punctuation ({@code LatticeShop}, {@code Lattice-Shop}) give the same names.
 * <p>
 * Every stack's service names carry the prefix, the default stack's too, so that no stack
 * takes a plain name ({@code erp-service}) that another app in the account may hold. What
 * must name a service in any stack (lattice-local's bindings) names it by construct path.
 *
 * @param prefix the stack name in Lattice's alphabet: {@code LatticeShop} becomes
 * {@code lattice-shop}
 */
public record LatticeNames(String prefix) {

	static final int MAX_SERVICE_NAME = 40;

	static final int MAX_NETWORK_NAME = 63;

	private static final Pattern LATTICE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private static final int HASH_LENGTH = 8;

	public LatticeNames {
		Objects.requireNonNull(prefix, "prefix");
		check(prefix, MAX_NETWORK_NAME);
	}

	/**
	 * @param stackName a CloudFormation stack name
	 * @return the names of that stack's Lattice resources
	 */
	public static LatticeNames forStack(String stackName) {
		String kebab = stackName.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (kebab.length() < 3) {
			throw new IllegalArgumentException(
					"stack name " + stackName + " is too short for Lattice names (3 letters or digits at least)");
		}
		return new LatticeNames(fit(kebab, MAX_NETWORK_NAME));
	}

	/**
	 * @return the service network's name: the prefix
	 */
	public String network() {
		return this.prefix;
	}

	/**
	 * @param name the service's plain name, such as {@code erp-service}
	 * @return the service's name in this stack: the prefix, a hyphen, the plain name
	 */
	public String service(String name) {
		check(name, MAX_SERVICE_NAME);
		String prefix = fit(this.prefix, MAX_SERVICE_NAME - name.length() - 1);
		return check(prefix + "-" + name, MAX_SERVICE_NAME);
	}

	/**
	 * @return the access logs' log group; the vendedlogs prefix keeps the resource policy
	 * Lattice writes for it small
	 */
	public String accessLogGroup() {
		return "/aws/vendedlogs/vpc-lattice/" + this.prefix;
	}

	private static String fit(String name, int maxLength) {
		if (name.length() <= maxLength) {
			return name;
		}
		if (maxLength < HASH_LENGTH + 2) {
			throw new IllegalArgumentException("no room for a name derived from " + name);
		}
		String start = name.substring(0, maxLength - HASH_LENGTH - 1).replaceAll("-+$", "");
		return start + "-" + hash(name);
	}

	private static String hash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String check(String name, int maxLength) {
		if (name.length() < 3 || name.length() > maxLength || !LATTICE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("not a Lattice name of 3 to " + maxLength
					+ " lowercase letters, digits and single inner hyphens: " + name);
		}
		return name;
	}

}
