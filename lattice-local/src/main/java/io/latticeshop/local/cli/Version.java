package io.latticeshop.local.cli;

import picocli.CommandLine.IVersionProvider;

/** The jar's version, from its manifest; {@code development} when run from classes. */
final class Version implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = Version.class.getPackage().getImplementationVersion();
		return new String[] { "lattice-local " + ((version != null) ? version : "development"),
				"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")" };
	}

}
