package io.latticeshop.orders;

import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;
import io.latticeshop.orders.system.SnapStartPriming;
import io.latticeshop.orders.tracing.TracingSetup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The order processor as a Spring Cloud Function application.
 * <p>
 * Beans are registered functionally: no component scan, no auto-configuration, no
 * reflection over configuration classes. That keeps the Lambda cold start to what the
 * function itself needs. {@code FunctionInvoker} finds this class through the
 * {@code MAIN_CLASS} variable or the {@code Main-Class} of the manifest at the root of
 * the Lambda zip; {@link SpringBootConfiguration} is what it looks for there.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
public class OrderProcessorApplication implements ApplicationContextInitializer<GenericApplicationContext> {

	/**
	 * The name {@code spring.cloud.function.definition} selects. Set explicitly so that
	 * the adapter never falls back to its routing function, which request headers could
	 * steer.
	 */
	public static final String FUNCTION_NAME = "processOrder";

	@Override
	public void initialize(GenericApplicationContext context) {
		context
			.registerBean(FUNCTION_NAME, FunctionRegistration.class,
					() -> new FunctionRegistration<>(
							new OrderEventHandler(new OrderPricing(), TracingSetup.begin().join()), FUNCTION_NAME)
						.type(OrderEventHandler.class));
		context.registerBean(SnapStartPriming.class,
				() -> new SnapStartPriming(context.getBean(FunctionCatalog.class), FUNCTION_NAME));
	}

	public static void main(String[] args) {
		FunctionalSpringApplication.run(OrderProcessorApplication.class, args);
	}

}
