package io.latticeshop.orders.system;

import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.messaging.Message;

/**
 * Runs the synthetic events through the function (through the function catalog, as the
 * Lambda adapter does) before a SnapStart snapshot is taken, so the classes and JIT state
 * of a real invocation are in the snapshot and the first request after restore does not
 * pay for loading them. Without SnapStart (or any CRaC runtime) the hook is never called
 * and this costs nothing.
 */
public final class SnapStartPriming implements Resource {

	private static final Logger logger = LoggerFactory.getLogger(SnapStartPriming.class);

	private final FunctionCatalog catalog;

	private final String definition;

	public SnapStartPriming(FunctionCatalog catalog, String definition) {
		this.catalog = catalog;
		this.definition = definition;
		// CRaC holds resources weakly; the application context keeps this bean alive.
		Core.getGlobalContext().register(this);
	}

	@Override
	public void beforeCheckpoint(Context<? extends Resource> context) {
		List<Integer> statuses = prime();
		logger.info("Primed {} before checkpoint: statuses {}", this.definition, statuses);
	}

	@Override
	public void afterRestore(Context<? extends Resource> context) {
	}

	/**
	 * Invokes the function as the Lambda adapter does, with each synthetic event.
	 * @return the status code of each Lattice response, for the log and for tests
	 */
	public List<Integer> prime() {
		Function<Message<InputStream>, Message<byte[]>> function = this.catalog.lookup(this.definition,
				"application/json");
		return SyntheticEvents.runThrough(function);
	}

}
