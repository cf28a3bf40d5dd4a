package io.latticeshop.lattice.client;

import java.io.IOException;

import software.amazon.awssdk.core.exception.SdkException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs every request of a {@code RestClient} for VPC Lattice just before it is sent.
 */
public final class LatticeSigningInterceptor implements ClientHttpRequestInterceptor {

	private final LatticeRequestSigner signer;

	public LatticeSigningInterceptor(LatticeRequestSigner signer) {
		this.signer = signer;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		try {
			this.signer.sign(request.getMethod(), request.getURI(), request.getHeaders());
		}
		catch (SdkException ex) {
			// No credentials (instance metadata or STS out of reach, say): the call
			// cannot be made, like a peer that cannot be reached.
			throw new IOException("cannot sign the request: " + ex.getMessage(), ex);
		}
		return execution.execute(request, body);
	}

}
