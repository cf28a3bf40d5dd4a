package io.latticeshop.orders.pricing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.latticeshop.contracts.InvalidField;
import io.latticeshop.data.Catalog;
import io.latticeshop.data.CatalogItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderPricingTests {

	private final OrderPricing pricing = new OrderPricing();

	@Test
	void standardCustomerPaysListPrice() {
		PricedOrder priced = this.pricing.apply(order("STANDARD", item("SKU-1", 2), item("SKU-4", 1)));

		assertThat(priced.status()).isEqualTo(OrderStatus.ACCEPTED);
		assertThat(priced.lines()).containsExactly(new PricedLine("SKU-1", 2, 1_299, 2_598),
				new PricedLine("SKU-4", 1, 2_490, 2_490));
		assertThat(priced.subtotal()).isEqualTo(5_088);
		assertThat(priced.discount()).isZero();
		assertThat(priced.total()).isEqualTo(5_088);
		assertThat(priced.currency()).isEqualTo("EUR");
		assertThat(priced.reasons()).isEmpty();
		assertThat(priced.orderId()).isEqualTo("ORD-1");
	}

	@Test
	void goldCustomerGetsFivePercentRoundedHalfUp() {
		// 5 % of 5088 is 254.4 cents
		PricedOrder priced = this.pricing.apply(order("GOLD", item("SKU-1", 2), item("SKU-4", 1)));

		assertThat(priced.discount()).isEqualTo(254);
		assertThat(priced.total()).isEqualTo(4_834);
	}

	@Test
	void platinumCustomerGetsTenPercent() {
		// 10 % of 22498 is 2249.8 cents
		PricedOrder priced = this.pricing.apply(order("PLATINUM", item("SKU-12", 2), item("SKU-3", 10)));

		assertThat(priced.subtotal()).isEqualTo(22_498);
		assertThat(priced.discount()).isEqualTo(2_250);
		assertThat(priced.total()).isEqualTo(20_248);
	}

	@ParameterizedTest
	@CsvSource({ "10, STANDARD, 0", "10, GOLD, 1", "9, GOLD, 0", "30, GOLD, 2", "5, PLATINUM, 1", "4, PLATINUM, 0",
			"0, PLATINUM, 0", "999999999999, PLATINUM, 100000000000" })
	void discountRoundsHalfUpToTheCent(long subtotal, CustomerTier tier, long expected) {
		assertThat(OrderPricing.discount(subtotal, tier)).isEqualTo(expected);
	}

	@Test
	void totalIsAlwaysSubtotalLessDiscountAndLinesAddUp() {
		Catalog catalog = new Catalog(List.of(new CatalogItem("A", "a", 333, 99), new CatalogItem("B", "b", 1, 99)));
		PricedOrder priced = new OrderPricing(catalog).apply(order("GOLD", item("A", 3), item("B", 7)));

		assertThat(priced.subtotal()).isEqualTo(priced.lines().stream().mapToLong(PricedLine::lineTotal).sum())
			.isEqualTo(1_006);
		assertThat(priced.discount()).isEqualTo(50);
		assertThat(priced.total()).isEqualTo(956);
	}

	@Test
	void unknownSkuRejectsTheOrderAndChargesNothing() {
		PricedOrder priced = this.pricing.apply(order("GOLD", item("SKU-1", 1), item("SKU-31", 1)));

		assertThat(priced.status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(priced.reasons()).containsExactly("SKU-31: unknown SKU");
		assertThat(priced.lines()).isEmpty();
		assertThat(priced.subtotal()).isZero();
		assertThat(priced.discount()).isZero();
		assertThat(priced.total()).isZero();
		assertThat(priced.currency()).isEqualTo("EUR");
	}

	@Test
	void quantityAtTheLimitIsAccepted() {
		assertThat(this.pricing.apply(order("STANDARD", item("SKU-2", 3))).status()).isEqualTo(OrderStatus.ACCEPTED);
	}

	@Test
	void quantityOverTheLimitIsRejected() {
		PricedOrder priced = this.pricing.apply(order("STANDARD", item("SKU-2", 4)));

		assertThat(priced.status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(priced.reasons()).containsExactly("SKU-2: quantity 4 exceeds the per-order limit of 3");
	}

	@Test
	void limitAppliesToTheSumOfLinesForTheSameSku() {
		PricedOrder priced = this.pricing
			.apply(order("STANDARD", item("SKU-30", 1), item("SKU-1", 1), item("SKU-30", 1)));

		assertThat(priced.reasons()).containsExactly("SKU-30: quantity 2 exceeds the per-order limit of 1");
	}

	@Test
	void everyReasonIsReportedOnce() {
		PricedOrder priced = this.pricing.apply(order("PLATINUM", item("SKU-0", 1), item("SKU-11", 3), item("NOPE", 2),
				item("SKU-0", 5), item("SKU-21", 9)));

		assertThat(priced.status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(priced.reasons()).containsExactly("SKU-0: unknown SKU", "NOPE: unknown SKU",
				"SKU-11: quantity 3 exceeds the per-order limit of 2",
				"SKU-21: quantity 9 exceeds the per-order limit of 2");
	}

	@Test
	void catalogHoldsThirtySkusWithPricesAndLimits() {
		Catalog catalog = Catalog.shop();

		assertThat(catalog.size()).isEqualTo(30);
		for (int i = 1; i <= 30; i++) {
			CatalogItem item = catalog.find("SKU-" + i).orElseThrow();
			assertThat(item.unitPrice()).isPositive();
			assertThat(item.maxPerOrder()).isPositive();
			assertThat(item.name()).isNotBlank();
		}
		assertThat(catalog.find("sku-1")).isEmpty();
	}

	@Test
	void wellFormedRequestHasNoViolations() {
		assertThat(order("GOLD", item("SKU-1", 1)).violations()).isEmpty();
	}

	@Test
	void reportsEveryInvalidField() {
		OrderRequest request = new OrderRequest(" ", null, "DIAMOND",
				Arrays.asList(item("SKU-1", 0), item("", -1), null, item("SKU-2", null)));

		assertThat(request.violations()).containsExactly(new InvalidField("orderId", "must not be blank"),
				new InvalidField("customerId", "must not be blank"),
				new InvalidField("customerTier", "must be one of STANDARD, GOLD, PLATINUM"),
				new InvalidField("items[0].quantity", "must be positive"),
				new InvalidField("items[1].sku", "must not be blank"),
				new InvalidField("items[1].quantity", "must be positive"),
				new InvalidField("items[2]", "must not be null"),
				new InvalidField("items[3].quantity", "must not be null"));
	}

	@Test
	void tierIsRequiredAndCaseSensitive() {
		assertThat(new OrderRequest("o", "c", null, List.of(item("SKU-1", 1))).violations())
			.containsExactly(new InvalidField("customerTier", "must not be blank"));
		assertThat(new OrderRequest("o", "c", "gold", List.of(item("SKU-1", 1))).violations())
			.containsExactly(new InvalidField("customerTier", "must be one of STANDARD, GOLD, PLATINUM"));
	}

	@Test
	void anOrderNeedsItemsButNotTooMany() {
		assertThat(new OrderRequest("o", "c", "GOLD", null).violations())
			.containsExactly(new InvalidField("items", "must contain at least one item"));
		assertThat(new OrderRequest("o", "c", "GOLD", List.of()).violations())
			.containsExactly(new InvalidField("items", "must contain at least one item"));
		List<OrderItem> many = new ArrayList<>();
		for (int i = 0; i <= OrderRequest.MAX_ITEMS; i++) {
			many.add(item("SKU-3", 1));
		}
		assertThat(new OrderRequest("o", "c", "GOLD", many).violations())
			.containsExactly(new InvalidField("items", "must contain at most 100 items"));
	}

	@Test
	void refusesToPriceAnInvalidRequest() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pricing.apply(order("GOLD", item("SKU-1", 0))));
	}

	private static OrderRequest order(String tier, OrderItem... items) {
		return new OrderRequest("ORD-1", "C-1", tier, List.of(items));
	}

	private static OrderItem item(String sku, Integer quantity) {
		return new OrderItem(sku, quantity);
	}

}
