package io.latticeshop.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.latticeshop.local.StartupException;
import io.latticeshop.local.binding.Binding;
import io.latticeshop.local.binding.BindingReader;

/** Finds and reads the binding file the command line names, or the default one. */
final class Bindings {

	static final Path DEFAULT = Path.of("lattice-local.yaml");

	static final Path SHOP = Path.of("local/shop.yaml");

	private Bindings() {
	}

	static Binding read(Path config) {
		Path file = resolve(config);
		if (!Files.isRegularFile(file)) {
			String where = Path.of("").toAbsolutePath().toString();
			throw new StartupException((config != null)
					? "no binding file at " + file.toAbsolutePath() + " (--config " + config + ", resolved from "
							+ where + "); check the path, or see lattice-local/README.md for what the file holds"
					: "no binding file: neither " + DEFAULT + " nor " + SHOP + " is in " + where
							+ "; pass --config FILE, or write " + DEFAULT + " (lattice-local/README.md says what it "
							+ "holds)");
		}
		if (!Files.isReadable(file)) {
			throw new StartupException("cannot read the binding file " + file.toAbsolutePath()
					+ ": permission denied; make it readable by this user");
		}
		return BindingReader.read(file);
	}

	private static Path resolve(Path config) {
		if (config != null) {
			return config;
		}
		return Files.exists(DEFAULT) ? DEFAULT : SHOP;
	}

}
