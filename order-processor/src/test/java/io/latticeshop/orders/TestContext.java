package io.latticeshop.orders;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context the managed runtime would pass, reduced to what a test can observe.
 */
record TestContext(String awsRequestId) implements Context {

	@Override
	public String getAwsRequestId() {
		return this.awsRequestId;
	}

	@Override
	public String getLogGroupName() {
		return "/aws/lambda/order-processor";
	}

	@Override
	public String getLogStreamName() {
		return "2026/01/01/[$LATEST]0123456789abcdef";
	}

	@Override
	public String getFunctionName() {
		return "order-processor";
	}

	@Override
	public String getFunctionVersion() {
		return "$LATEST";
	}

	@Override
	public String getInvokedFunctionArn() {
		return "arn:aws:lambda:eu-central-1:123456789012:function:order-processor";
	}

	@Override
	public CognitoIdentity getIdentity() {
		return null;
	}

	@Override
	public ClientContext getClientContext() {
		return null;
	}

	@Override
	public int getRemainingTimeInMillis() {
		return 10_000;
	}

	@Override
	public int getMemoryLimitInMB() {
		return 1024;
	}

	@Override
	public LambdaLogger getLogger() {
		return new LambdaLogger() {

			@Override
			public void log(String message) {
				System.out.println(message);
			}

			@Override
			public void log(byte[] message) {
				System.out.println(new String(message));
			}

		};
	}

}
