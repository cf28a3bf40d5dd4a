package io.latticeshop.contracts;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonBodiesTests {

	private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	enum Tier {

		STANDARD, GOLD

	}

	record Item(String sku, int quantity) {
	}

	record Order(String customerId, Tier tier, List<Item> items) {
	}

	@Test
	void aFieldOfTheWrongTypeIsNamedAsWrittenInTheBody() {
		assertThat(field("{\"items\":[{\"sku\":\"A\",\"quantity\":\"two\"}]}"))
			.isEqualTo(new InvalidField("items[0].quantity", "cannot be read as an integer"));
		assertThat(field("{\"items\":{}}")).isEqualTo(new InvalidField("items", "must be an array"));
		assertThat(field("{\"tier\":\"IRON\"}"))
			.isEqualTo(new InvalidField("tier", "cannot be read as one of STANDARD, GOLD"));
	}

	@Test
	void aNumberOutOfRangeIsItsFieldsFault() {
		assertThat(field("{\"items\":[{\"quantity\":99999999999}]}"))
			.isEqualTo(new InvalidField("items[0].quantity", "is out of range"));
	}

	@Test
	void aDuplicateKeyIsNamedWhereItRepeats() {
		assertThat(field("{\"items\":[{\"sku\":\"A\",\"quantity\":1},{\"sku\":\"B\",\"sku\":\"C\"}]}"))
			.isEqualTo(new InvalidField("items[1].sku", "appears more than once"));
	}

	@Test
	void namesAreCleanedBeforeTheyAreEchoed() {
		// Jackson names an unknown enum's field as sent: a control character must not
		// reach a log line or the answer.
		assertThat(JsonBodies.clean("a\nb\u0000c")).isEqualTo("a?b?c");
		assertThat(JsonBodies.clean("x".repeat(300))).hasSize(257).endsWith("…");
	}

	@Test
	void badSyntaxAndNonObjectsAreTheWholeBodysFault() {
		JacksonException syntax = failure("{\"customerId\": }");
		assertThat(JsonBodies.invalidField(syntax)).isEmpty();
		assertThat(JsonBodies.detail(syntax)).matches("The request body is not valid JSON \\(line 1, column \\d+\\)");
		JacksonException array = failure("[]");
		assertThat(JsonBodies.invalidField(array)).isEmpty();
		assertThat(JsonBodies.detail(array)).isEqualTo(JsonBodies.NOT_AN_OBJECT);
	}

	@Test
	void theDetailListsEveryFieldInTheOrderGiven() {
		List<InvalidField> fields = new java.util.ArrayList<>(
				List.of(new InvalidField("items[0].quantity", "must be positive"),
						new InvalidField("customerId", "must not be blank")));
		fields.sort(InvalidField.ORDER);
		assertThat(InvalidField.detail(fields))
			.isEqualTo("customerId: must not be blank; items[0].quantity: must be positive");
	}

	private InvalidField field(String body) {
		return JsonBodies.invalidField(failure(body)).orElseThrow();
	}

	private JacksonException failure(String body) {
		return catchThrowableOfType(JacksonException.class, () -> this.json.readValue(body, Order.class));
	}

}
