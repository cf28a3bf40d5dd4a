import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The floor under every handler: the JVM and Lambda's runtime interface client, with a
 * handler that reads the event and answers a fixed Lattice response. No JSON library, no
 * pricing, no Spring. What a handler costs above this is its own code and libraries.
 */
public final class MinimalHandler implements RequestStreamHandler {

	private static final byte[] RESPONSE = """
			{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{}","isBase64Encoded":false}"""
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
		input.readAllBytes();
		output.write(RESPONSE);
	}

}
