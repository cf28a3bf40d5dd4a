package io.latticeshop.orders.lattice;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;

/**
 * What the function answers Lattice with. Lattice turns it into the HTTP response; it
 * computes {@code Content-Length} itself and decodes the body when
 * {@code isBase64Encoded} is true.
 */
record LatticeResponse(int statusCode, String statusDescription, Map<String, String> headers, String body,
		@JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

	static LatticeResponse of(HttpStatus status, String contentType, byte[] body, Map<String, String> extraHeaders) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", contentType);
		headers.putAll(extraHeaders);
		boolean textual = isTextual(contentType);
		String encoded = textual ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body);
		return new LatticeResponse(status.value(), status.value() + " " + status.getReasonPhrase(),
				Collections.unmodifiableMap(headers), encoded, !textual);
	}

	/** The content types Lattice itself passes as text rather than base64. */
	static boolean isTextual(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
				|| type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
	}

}
