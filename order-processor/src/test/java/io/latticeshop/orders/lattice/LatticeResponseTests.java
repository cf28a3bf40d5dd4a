package io.latticeshop.orders.lattice;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class LatticeResponseTests {

	@ParameterizedTest
	@CsvSource({ "application/json, true", "application/problem+json, true", "text/plain; charset=utf-8, true",
			"Application/JSON;charset=UTF-8, true", "application/xml, true", "application/javascript, true",
			"application/octet-stream, false", "image/png, false", "application/pdf, false" })
	void textualContentTypesTravelAsTextOthersAsBase64(String contentType, boolean textual) {
		assertThat(LatticeResponse.isTextual(contentType)).isEqualTo(textual);
	}

	@Test
	void binaryBodyIsBase64Encoded() {
		LatticeResponse response = LatticeResponse.of(HttpStatus.OK, "application/octet-stream",
				new byte[] { 0, (byte) 0xff, 'A' }, Map.of());

		assertThat(response.isBase64Encoded()).isTrue();
		assertThat(response.body()).isEqualTo("AP9B");
	}

	@Test
	void jsonBodyIsSentAsText() {
		LatticeResponse response = LatticeResponse.of(HttpStatus.CREATED, "application/json",
				"{\"a\":\"ä\"}".getBytes(StandardCharsets.UTF_8), Map.of("Location", "/x"));

		assertThat(response.isBase64Encoded()).isFalse();
		assertThat(response.body()).isEqualTo("{\"a\":\"ä\"}");
		assertThat(response.statusDescription()).isEqualTo("201 Created");
		assertThat(response.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
				Map.entry("Location", "/x"));
	}

}
