package io.latticeshop.orders.lattice;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The V1 event structure: snake_case names, one string per header (repeated headers
 * arrive joined with ", "), the last value per query parameter, and the query string
 * still attached to {@code raw_path}. It carries no request context.
 */
record LatticeEventV1(@JsonProperty("raw_path") String rawPath, String method, Map<String, Object> headers,
		@JsonProperty("query_string_parameters") Map<String, Object> queryStringParameters, String body,
		@JsonProperty("is_base64_encoded") Boolean isBase64Encoded) {

}
