package io.monkeyfleet.monkey.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.admin.AdminClient;
import io.monkeyfleet.monkey.admin.RunningMonkeyService;
import io.monkeyfleet.monkey.admin.SeededFleet;
import io.monkeyfleet.monkey.admin.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium; nothing is downloaded), against a running
 * monkey-service and a real Redis holding a fleet: an operator signs in, sees the nodes,
 * watches a node change state live after an API action, and acts through a button with
 * confirmation; a viewer sees no action button. Screenshots land in {@code target/}.
 */
class DashboardBrowserIT extends RunningMonkeyService {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static String chromium;

	private static String chromedriver;

	private WebDriver driver;

	@BeforeAll
	static void findBrowser() {
		chromium = onPath("chromium", "chromium-browser", "google-chrome").orElse(null);
		chromedriver = onPath("chromedriver").orElse(null);
		if (chromium == null || chromedriver == null) {
			System.err.println("""

					**********************************************************************
					* DashboardBrowserIT SKIPPED: no headless browser on this machine.   *
					* Install Debian's chromium and chromium-driver to run it:           *
					*   sudo apt-get install -y chromium chromium-driver                 *
					* (.ci/run installs them; CI always runs this test.)                 *
					**********************************************************************
					""");
		}
		assumeTrue(chromium != null && chromedriver != null,
				"no chromium/chromedriver on PATH: the browser test cannot run here");
	}

	@BeforeEach
	void fleetAndBrowser() {
		SeededFleet fleet = fleet();
		fleet.pool("web", 1, 12);
		fleet.pool("api", 1, 3);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1500,1100", "--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(chromedriver).toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void anOperatorSeesTheFleetWatchesANodeChangeLiveAndActsWithConfirmation() throws IOException {
		signIn(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD);
		assertThat(this.driver.findElements(By.cssSelector("#pool-web tbody tr"))).hasSize(12);
		assertThat(this.driver.findElements(By.cssSelector("#pool-api tbody tr"))).hasSize(3);
		assertThat(state("web-3")).isEqualTo("ACTIVE");
		assertThat(this.driver.findElement(By.id("role")).getText()).isEqualTo("operator");

		// An action through the API, by someone else: the page shows it as it happens.
		AdminClient.Response drained = AdminClient.operatorToken(baseUrl())
			.post("/api/nodes/web-3/drain", "{\"reason\": \"browser test\"}");
		assertThat(drained.status()).as(drained.body()).isEqualTo(200);
		wait(this.driver).until((d) -> "DRAINING".equals(state("web-3")));
		wait(this.driver).until(ExpectedConditions.presenceOfElementLocated(
				By.xpath("//ol[@id='events']/li[@data-type='NODE_STATE_CHANGED' and contains(., 'web-3')]")));

		// And one through the page's own button, after confirming.
		WebElement restore = row("web-3").findElement(By.cssSelector("button[data-action='restore']"));
		assertThat(restore.isEnabled()).isTrue();
		assertThat(row("web-3").findElement(By.cssSelector("button[data-action='drain']")).isEnabled()).isFalse();
		restore.click();
		wait(this.driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		this.driver.findElement(By.id("confirm-reason")).sendKeys("back to work");
		this.driver.findElement(By.id("confirm-ok")).click();
		wait(this.driver).until((d) -> "ACTIVE".equals(state("web-3")));
		assertThat(fleet().state("web-3")).isEqualTo(NodeState.ACTIVE);
		screenshot("dashboard-operator.png");
	}

	@Test
	void aViewerSeesTheFleetButNoActionButtons() throws IOException {
		signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
		assertThat(this.driver.findElements(By.cssSelector("#pool-web tbody tr"))).hasSize(12);
		assertThat(this.driver.findElement(By.id("role")).getText()).isEqualTo("viewer");
		assertThat(this.driver.findElements(By.cssSelector("button[data-action]"))).isEmpty();
		assertThat(this.driver.findElements(By.tagName("button")).stream().map(WebElement::getText).toList())
			.doesNotContain("Drain", "Reboot", "Quarantine", "Arm", "Launch a node");
		screenshot("dashboard-viewer.png");
		// Swagger UI renders under the same content security policy, with the same
		// session.
		this.driver.get(baseUrl() + "/swagger-ui.html");
		wait(this.driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .info")));
		wait(this.driver).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui"),
				"/api/nodes/{node}/drain"));
	}

	@Test
	void withThreeHundredNodesAnUpdateRewritesOnlyWhatChangedNotThePage() throws IOException {
		SeededFleet fleet = fleet();
		fleet.pool("big", 1, 300);
		signIn(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD);
		wait(this.driver).until((d) -> d.findElements(By.cssSelector("#pool-big tbody tr")).size() == 300);
		JavascriptExecutor page = (JavascriptExecutor) this.driver;
		// Mark every row element: a page that re-rendered would hand back new, unmarked
		// ones.
		page.executeScript("document.querySelectorAll('tbody tr').forEach((tr) => { tr.marked = true; });");
		fleet.sample("big-7", 99, io.monkeyfleet.model.AppHealth.UP);
		wait(this.driver).until((d) -> row("big-7").getText().contains("99%"));
		fleet.move("big-9", NodeState.DRAINING);
		wait(this.driver).until((d) -> "DRAINING".equals(state("big-9")));
		Long unmarked = (Long) page
			.executeScript("return [...document.querySelectorAll('tbody tr')].filter((tr) => !tr.marked).length;");
		assertThat(unmarked).as("rows created anew by an update").isZero();
		assertThat(this.driver.findElements(By.cssSelector("#pool-big tbody tr"))).hasSize(300);
		screenshot("dashboard-300-nodes.png");
	}

	@Test
	void thePageAsksForASignInFirstAndRefusesAWrongPassword() {
		this.driver.get(baseUrl() + "/");
		wait(this.driver).until(ExpectedConditions.urlContains("/login.html"));
		fillSignIn(TestUsers.OPERATOR, "not-the-password");
		wait(this.driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
		assertThat(this.driver.getCurrentUrl()).contains("error");
	}

	private void signIn(String user, String password) {
		this.driver.get(baseUrl() + "/");
		wait(this.driver).until(ExpectedConditions.urlContains("/login.html"));
		fillSignIn(user, password);
		wait(this.driver).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
		wait(this.driver).until((d) -> d.findElements(By.cssSelector("#pool-web tbody tr")).size() == 12);
	}

	private void fillSignIn(String user, String password) {
		wait(this.driver).until(ExpectedConditions.attributeToBe(By.id("login-form"), "data-ready", "true"));
		this.driver.findElement(By.id("username")).sendKeys(user);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.id("sign-in")).click();
	}

	private WebElement row(String node) {
		return this.driver.findElement(By.id("node-" + node));
	}

	private String state(String node) {
		List<WebElement> cells = this.driver.findElements(By.cssSelector("#node-" + node + " .state"));
		return cells.isEmpty() ? null : cells.get(0).getAttribute("data-state");
	}

	private void screenshot(String name) throws IOException {
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath(), target,
				StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * A wait that looks again when an element it found went away under it: signing in
	 * replaces the page, and a condition may find the old page's body just before.
	 */
	private static WebDriverWait wait(WebDriver driver) {
		WebDriverWait wait = new WebDriverWait(driver, WAIT);
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		return wait;
	}

	private static Optional<String> onPath(String... names) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String name : names) {
			for (String directory : path.split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(directory, name);
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate.toString());
				}
			}
		}
		return Optional.empty();
	}

}
