package io.latticeshop.orders;

import java.util.ArrayList;
import java.util.List;

import io.latticeshop.orders.system.SnapStartPriming;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.MockedStatic;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mockStatic;

@ExtendWith(OutputCaptureExtension.class)
class SnapStartPrimingTests {

	@Test
	void beforeTheSnapshotTheRealFunctionRunsThroughItsHappyAndErrorPaths(CapturedOutput output) throws Exception {
		SnapshottingRuntime runtime = new SnapshottingRuntime();
		String beforeCheckpoint;
		try (MockedStatic<Core> crac = mockStatic(Core.class)) {
			crac.when(Core::getGlobalContext).thenReturn(runtime);
			try (ConfigurableApplicationContext context = FunctionalSpringApplication
				.run(OrderProcessorApplication.class)) {
				assertThat(runtime.resources).contains(context.getBean(SnapStartPriming.class));
				// Priming is the snapshot's business: a start without one does not pay
				// for it.
				assertThat(output.getOut()).doesNotContain("Primed");
				beforeCheckpoint = output.getOut();

				runtime.beforeCheckpoint(null);
			}
		}

		assertThat(output.getOut().substring(beforeCheckpoint.length()))
			.contains("Primed processOrder before checkpoint: statuses [200, 404]")
			.contains("V2 POST /orders/process status=200 caller.type=WARM_UP")
			.contains("V1 GET /warm-up status=404");
	}

	/**
	 * What SnapStart's runtime does with CRaC's global context: keeps the resources
	 * registered with it (Spring's lifecycle processor registers one too) and, before it
	 * takes the snapshot, calls each in the reverse order of registration.
	 */
	static final class SnapshottingRuntime extends Context<Resource> {

		private final List<Resource> resources = new ArrayList<>();

		@Override
		public void register(Resource resource) {
			this.resources.add(resource);
		}

		@Override
		public void beforeCheckpoint(Context<? extends Resource> context) {
			for (Resource resource : this.resources.reversed()) {
				try {
					resource.beforeCheckpoint(this);
				}
				catch (Exception ex) {
					throw new IllegalStateException("a resource failed before the checkpoint", ex);
				}
			}
		}

		@Override
		public void afterRestore(Context<? extends Resource> context) {
		}

	}

}
