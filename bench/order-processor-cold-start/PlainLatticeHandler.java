import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.latticeshop.orders.lattice.OrderEventHandler;
import io.latticeshop.orders.pricing.OrderPricing;

import org.springframework.messaging.support.MessageBuilder;

/**
 * The baseline: the same Lattice event handling and pricing code as the deployed
 * function, called straight from a Lambda handler, without a Spring application context
 * and without Spring Cloud Function. The difference to FunctionInvoker is what the
 * framework costs at cold start.
 */
public final class PlainLatticeHandler implements RequestStreamHandler {

	private final OrderEventHandler handler = new OrderEventHandler(new OrderPricing());

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		output.write(this.handler.apply(MessageBuilder.withPayload(input).build()).getPayload());
	}

}
