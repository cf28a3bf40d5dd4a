package io.latticeshop.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.latticeshop.orders.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one line each event leaves in the function's log: enough to find the request in
 * Lattice's access log and to see why it was refused without reproducing it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventLogTests {

	@Test
	void aV1EventIsLoggedWithTheCallerAndLatticesRequestIdFromItsHeaders(CapturedOutput output) {
		invoke("""
				{"raw_path":"/orders/process","method":"POST","is_base64_encoded":false,
				 "headers":{"content-type":"application/json",
				            "x-amzn-requestid":"lattice-req-0001",
				            "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
				            "x-amzn-lattice-identity":"Principal=arn:aws:sts::000000000000:assumed-role/WebServerRole/web-server; SessionName=web-server; Type=AWS_IAM",
				            "x-amzn-lattice-network":"SourceVpcArn=arn:aws:ec2:us-east-1:000000000000:vpc/vpc-0123"},
				 "body":"{\\"orderId\\":\\"o\\",\\"customerId\\":\\"c\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":1}]}"}
				""");

		assertThat(output.getOut()).containsPattern("V1 POST /orders/process status=200 caller.type=AWS_IAM "
				+ "caller.principal=arn:aws:sts::000000000000:assumed-role/WebServerRole/web-server caller.orgId=- "
				+ "caller.session=web-server caller.sourceVpc=arn:aws:ec2:us-east-1:000000000000:vpc/vpc-0123 "
				+ "latticeRequestId=lattice-req-0001 requestId=req-\\d+ traceId=0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void aRefusalIsLoggedWithItsProblemAndDetail(CapturedOutput output) {
		invoke("""
				{"version":"2.0","path":"/orders/process","method":"POST",
				 "headers":{"x-amzn-requestid":["lattice-req-0002"]},
				 "body":"{\\"orderId\\":\\"o\\",\\"customerId\\":\\"c\\",\\"customerTier\\":\\"GOLD\\",\\"items\\":[]}"}
				""");
		invoke("{\"version\":\"3.0\",\"path\":\"/orders/process\",\"method\":\"POST\"}");

		assertThat(output.getOut()).contains("V2 POST /orders/process status=400 problem=invalid-request "
				+ "detail=\"items: must contain at least one item\" caller=unknown latticeRequestId=lattice-req-0002");
		assertThat(output.getOut()).contains(
				"event rejected status=400 problem=invalid-request detail=\"Unsupported event structure version 3.0\"");
	}

}
