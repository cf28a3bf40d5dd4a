package io.latticeshop.local.junit;

import java.nio.file.Path;

import io.latticeshop.local.LatticeLocal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts lattice-local once for a test class and stops it after:
 *
 * <pre>
 * &#64;RegisterExtension
 * static LatticeLocalExtension lattice = LatticeLocalExtension.from(Path.of("lattice-local.yaml"));
 * </pre>
 *
 * {@link #local()} gives each service's endpoint, each workload's credentials and the
 * requests lattice-local saw.
 */
public final class LatticeLocalExtension implements BeforeAllCallback, AfterAllCallback {

	private final LatticeLocal.Builder builder;

	private LatticeLocal local;

	private LatticeLocalExtension(LatticeLocal.Builder builder) {
		this.builder = builder;
	}

	public static LatticeLocalExtension from(Path bindingFile) {
		return new LatticeLocalExtension(LatticeLocal.builder(bindingFile).admin("none"));
	}

	public static LatticeLocalExtension from(LatticeLocal.Builder builder) {
		return new LatticeLocalExtension(builder);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.local = this.builder.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.local != null) {
			this.local.close();
			this.local = null;
		}
	}

	/** The running lattice-local; between {@code beforeAll} and {@code afterAll}. */
	public LatticeLocal local() {
		if (this.local == null) {
			throw new IllegalStateException("lattice-local runs between beforeAll and afterAll of the test class");
		}
		return this.local;
	}

}
