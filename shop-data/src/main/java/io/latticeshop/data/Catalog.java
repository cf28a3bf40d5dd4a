package io.latticeshop.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The products the shop sells, in one place for everyone who needs them: the order
 * processor prices orders from it, the shop page shows it, and the standalone stubs of
 * the web server and the ERP answer from it. Embedded rather than fetched: the function
 * has no peer to call, so its answer depends on nothing but the request.
 */
public final class Catalog {

	private static final Catalog SHOP = new Catalog(List.of(
	// @formatter:off
			new CatalogItem("SKU-1", "Lattice mug", 1_299, 10),
			new CatalogItem("SKU-2", "Service network hoodie", 5_490, 3),
			new CatalogItem("SKU-3", "Auth policy sticker pack", 450, 50),
			new CatalogItem("SKU-4", "Target group T-shirt", 2_490, 5),
			new CatalogItem("SKU-5", "Listener rule notebook", 899, 20),
			new CatalogItem("SKU-6", "SigV4 enamel pin", 650, 25),
			new CatalogItem("SKU-7", "Prefix list poster", 1_999, 5),
			new CatalogItem("SKU-8", "Same-CIDR puzzle", 2_750, 4),
			new CatalogItem("SKU-9", "Cold start coffee beans", 1_650, 6),
			new CatalogItem("SKU-10", "Snap start water bottle", 2_200, 5),
			new CatalogItem("SKU-11", "Fargate desk lamp", 4_900, 2),
			new CatalogItem("SKU-12", "EC2 keyboard", 8_999, 2),
			new CatalogItem("SKU-13", "Lambda socks", 990, 12),
			new CatalogItem("SKU-14", "Access log mouse pad", 1_450, 8),
			new CatalogItem("SKU-15", "Least privilege cap", 2_100, 5),
			new CatalogItem("SKU-16", "Unsigned payload tote bag", 1_390, 10),
			new CatalogItem("SKU-17", "Health check stress ball", 399, 40),
			new CatalogItem("SKU-18", "VPC association lanyard", 299, 60),
			new CatalogItem("SKU-19", "Deny-wins coaster set", 1_199, 10),
			new CatalogItem("SKU-20", "Principal org ID badge", 749, 15),
			new CatalogItem("SKU-21", "Service network backpack", 7_900, 2),
			new CatalogItem("SKU-22", "Weighted routing scarf", 3_350, 3),
			new CatalogItem("SKU-23", "Latency histogram print", 2_999, 4),
			new CatalogItem("SKU-24", "Idempotency key ring", 550, 30),
			new CatalogItem("SKU-25", "Problem JSON mug", 1_299, 10),
			new CatalogItem("SKU-26", "Fixed-response umbrella", 3_900, 3),
			new CatalogItem("SKU-27", "Cross-account blanket", 6_450, 2),
			new CatalogItem("SKU-28", "Timeout hourglass", 1_850, 6),
			new CatalogItem("SKU-29", "Base64 cross-stitch kit", 2_400, 5),
			new CatalogItem("SKU-30", "Shop gift card", 5_000, 1)));
	// @formatter:on

	private final Map<String, CatalogItem> itemsBySku;

	public Catalog(List<CatalogItem> items) {
		Map<String, CatalogItem> bySku = new LinkedHashMap<>();
		items.forEach((item) -> bySku.put(item.sku(), item));
		this.itemsBySku = Collections.unmodifiableMap(bySku);
	}

	/** The shop's catalog. */
	public static Catalog shop() {
		return SHOP;
	}

	public Optional<CatalogItem> find(String sku) {
		return Optional.ofNullable(this.itemsBySku.get(sku));
	}

	/** Every item, in catalog order (SKU-1 first). */
	public List<CatalogItem> items() {
		return List.copyOf(this.itemsBySku.values());
	}

	public int size() {
		return this.itemsBySku.size();
	}

}
