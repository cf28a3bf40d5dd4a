package io.latticeshop.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * lattice-local's console in a real browser (Debian's Chromium, driven by Selenium): an
 * order placed on the shop front and its invoice show up as their four Lattice calls with
 * their decisions, and a denied call with Lattice's reason. Screenshots go to
 * {@code target/e2e/console-*.png}.
 */
@ExtendWith(Shop.class)
class ConsoleIT {

	static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

	static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

	static WebDriver browser;

	@BeforeAll
	static void openBrowser() throws IOException {
		boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
		if (!installed && System.getenv("CI") != null) {
			throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed: .ci/run installs "
					+ "Debian's chromium and chromium-driver");
		}
		assumeTrue(installed, "the console test needs Debian's chromium and chromium-driver ("
				+ "apt-get install chromium chromium-driver); skipped");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// Headless as root in a sandbox-less container; no calls to Google's services,
		// which this machine's network refuses.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1500,1000",
				"--user-data-dir=" + Files.createTempDirectory("chromium-"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void anOrderPlacedOnTheShopFrontShowsUpInTheConsoleWithItsDecisions() throws Exception {
		browser.get(Shop.ADMIN + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		// The request table is redrawn as requests stream in: a row found a moment ago
		// may
		// be gone, and is then looked up again.
		wait.ignoring(StaleElementReferenceException.class);
		wait.until((driver) -> driver.findElement(By.id("stream-state")).getText().equals("live"));
		wait.until((driver) -> driver.findElement(By.id("state")).getText().equals("ready"));
		String console = browser.getWindowHandle();

		browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
		browser.get(Shop.WEB_DIRECT + "/");
		wait.until((driver) -> !driver.findElements(By.cssSelector("#customer option")).isEmpty());
		// The catalog with names and prices, and who the first customer is, from the ERP.
		WebElement quantity = wait
			.until((driver) -> driver.findElements(By.name("SKU-3")).stream().findFirst().orElse(null));
		assertThat(quantity.findElement(By.xpath("..")).getText()).contains("Auth policy sticker pack")
			.contains("4.50 EUR");
		wait.until((driver) -> driver.findElement(By.id("customer-name")).getText().equals("Ada Lovelace (GOLD)"));
		quantity.clear();
		quantity.sendKeys("2");
		browser.findElement(By.cssSelector("#order button[type=submit]")).click();
		wait.until((driver) -> driver.findElement(By.id("outcome-title")).isDisplayed());
		String customer = browser.findElement(By.id("customer")).getAttribute("value");
		String orderId = browser.findElement(By.id("outcome-title")).getText().split(" ")[1];
		browser.findElement(By.id("invoice")).click();
		wait.until((driver) -> driver.findElement(By.id("invoice-view")).getText().contains("billed to"));
		screenshot("shop-front");

		browser.switchTo().window(console);
		// The console names a service by its Lattice name, which the stack name sets.
		String erpService = Shop.get().latticeLocal().serviceName("Lattice/ErpService");
		String orderProcessor = Shop.get().latticeLocal().serviceName("Lattice/OrderProcessorService");
		String webServer = Shop.get().latticeLocal().serviceName("Lattice/WebServerService");
		Row customerCall = wait.until((driver) -> row(driver, erpService, "/api/customers/" + customer));
		assertThat(customerCall).isEqualTo(new Row("ALLOW", "web-server"));
		Row processCall = wait.until((driver) -> row(driver, orderProcessor, "/orders/process"));
		assertThat(processCall).isEqualTo(new Row("ALLOW", "web-server"));
		// The invoice: the web server asks the ERP, the ERP reads the order back.
		Row invoiceCall = wait.until((driver) -> row(driver, erpService, "/api/invoices/" + orderId));
		assertThat(invoiceCall).isEqualTo(new Row("ALLOW", "web-server"));
		Row readBack = wait.until((driver) -> row(driver, webServer, "/api/orders/" + orderId));
		assertThat(readBack).isEqualTo(new Row("ALLOW", "erp-service"));
		screenshot("order");

		// The ERP asking for customers is no call the policies allow it.
		URI denied = URI.create(Shop.ERP_LATTICE + "/api/customers/" + customer + "?from=console-test");
		HttpRequest.Builder request = HttpRequest.newBuilder(denied).GET();
		Signer.as(Workload.ERP_SERVICE).sign("GET", denied, Map.of()).forEach(request::header);
		HttpResponse<String> response = Http.send(request);
		assertThat(response.statusCode()).isEqualTo(403);
		String deniedPath = "/api/customers/" + customer + "?from=console-test";
		Row deniedRow = wait.until((driver) -> row(driver, erpService, deniedPath));
		assertThat(deniedRow).isEqualTo(new Row("DENY", "erp-service"));
		wait.until((driver) -> {
			WebElement shownRow = rowElement(driver, erpService, deniedPath);
			if (shownRow == null) {
				return false;
			}
			shownRow.click();
			return true;
		});
		String detail = wait.until((driver) -> {
			String text = driver.findElement(By.id("detail")).getText();
			return text.contains("because no service-based policy allows") ? text : null;
		});
		assertThat(detail).contains("AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/")
			.contains("service policy\nno statement allows")
			.contains("identity policy\nno statement allows");
		screenshot("denied");
		// The same request, as the Java API reports it.
		assertThat(Shop.get().latticeLocal().requests()).anySatisfy((recorded) -> {
			assertThat(recorded.path()).isEqualTo("/api/customers/" + customer + "?from=console-test");
			assertThat(recorded.decision()).isEqualTo("DENY");
			assertThat(recorded.status()).isEqualTo(403);
		});

		// Filtering by decision leaves only the denied calls.
		new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-decision"))).selectByValue("DENY");
		List<String> shown = wait.until((driver) -> driver.findElements(By.cssSelector("#requests tbody tr"))
			.stream()
			.map((row) -> row.getAttribute("data-decision"))
			.toList());
		assertThat(shown).isNotEmpty().allSatisfy((decision) -> assertThat(decision).isEqualTo("DENY"));
	}

	@Test
	void theAllowMatrixAndHealthShowWhatTheTemplateSays() throws Exception {
		browser.get(Shop.ADMIN + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.findElement(By.cssSelector("a[data-view=matrix-view]")).click();
		WebElement allowed = wait.until((driver) -> driver.findElements(By.cssSelector("#matrix tbody tr"))
			.stream()
			.filter((row) -> row.getText().contains("GET /api/customers/"))
			.findFirst()
			.orElse(null));
		assertThat(allowed.findElement(By.cssSelector("td[data-caller=web-server]")).getText()).isEqualTo("allowed");
		assertThat(allowed.findElement(By.cssSelector("td[data-caller=erp-service]")).getText()).isEqualTo("denied");
		assertThat(allowed.findElement(By.cssSelector("td[data-caller=anonymous]")).getText()).isEqualTo("denied");
		screenshot("matrix");

		browser.findElement(By.cssSelector("a[data-view=health-view]")).click();
		wait.until((driver) -> driver.findElements(By.cssSelector("#services tbody tr")).size() == 3);
		assertThat(browser.findElement(By.id("services")).getText())
			.contains(Shop.get().latticeLocal().serviceName("Lattice/ErpService"));
		assertThat(browser.findElement(By.id("environments")).getText()).containsAnyOf("IDLE", "BUSY");
		screenshot("health");
	}

	/** A request row's decision and caller, as the console shows them. */
	record Row(String decision, String caller) {
	}

	/**
	 * The row of a service's request to a path, read while it is on the page; or null.
	 */
	private static Row row(WebDriver driver, String service, String path) {
		WebElement row = rowElement(driver, service, path);
		return (row != null) ? new Row(row.getAttribute("data-decision"), row.getAttribute("data-caller")) : null;
	}

	private static WebElement rowElement(WebDriver driver, String service, String path) {
		return driver.findElements(By.cssSelector("#requests tbody tr"))
			.stream()
			.filter((row) -> service.equals(row.getAttribute("data-service"))
					&& path.equals(row.getAttribute("data-path")))
			.findFirst()
			.orElse(null);
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), Shop.WORK.resolve("console-" + name + ".png"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

}
