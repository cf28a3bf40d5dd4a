package io.latticeshop.client;

import java.io.IOException;

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
		this.signer.sign(request.getMethod(), request.getURI(), request.getHeaders());
		return execution.execute(request, body);
	}

}
