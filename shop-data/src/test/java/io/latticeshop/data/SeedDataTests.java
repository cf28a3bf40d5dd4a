package io.latticeshop.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeedDataTests {

	@Test
	void theCatalogHoldsThirtyProductsInSkuOrderEachWithAPriceAndALimit() {
		Catalog catalog = Catalog.shop();
		assertThat(catalog.size()).isEqualTo(30);
		for (int i = 0; i < 30; i++) {
			CatalogItem item = catalog.items().get(i);
			assertThat(item.sku()).isEqualTo("SKU-" + (i + 1));
			assertThat(item.name()).isNotBlank();
			assertThat(item.unitPrice()).isPositive();
			assertThat(item.maxPerOrder()).isPositive();
			assertThat(catalog.find(item.sku())).containsSame(item);
		}
		assertThat(catalog.find("SKU-31")).isEmpty();
	}

	@Test
	void theCustomersAreTwentyDistinctIdsOnTheClasspath() throws IOException {
		String json;
		try (InputStream in = Customers.class.getClassLoader().getResourceAsStream(Customers.RESOURCE)) {
			assertThat(in).as(Customers.RESOURCE).isNotNull();
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Matcher ids = Pattern.compile("\"id\": \"(C-\\d{4})\"").matcher(json);
		Set<String> seen = new HashSet<>();
		while (ids.find()) {
			assertThat(seen.add(ids.group(1))).as(ids.group(1)).isTrue();
		}
		assertThat(seen).hasSize(20).contains("C-1001", "C-1020");
	}

}
