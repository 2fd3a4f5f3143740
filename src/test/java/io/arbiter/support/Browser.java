package io.arbiter.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's headless Chromium on a running Arbiter, with the few steps tests need: log in, open a page, fill and
 * click by label or text, wait for text, take a screenshot. Waits poll the page (the browser works at its own pace);
 * they never wait for Arbiter's clock, which tests step by hand.
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("arbiter.test.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("arbiter.test.chromedriver", "/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * How often a wait looks again. Selenium's default is 500 ms, and most waits (a click that leaves the page, a
     * text an htmx swap brings) are not met at the first look: at half a second each, the page walks spent most of
     * their time asleep.
     */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(20);

    private final ChromeDriver driver;
    private final String base;

    public static boolean required() {
        return Boolean.getBoolean("arbiter.test.require-browser") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A phone-sized window (390 x 844, a buyer on a phone), or a desktop one. */
    public Browser(int port, boolean phone) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US");
        // The console is kept, so that tests can see what the Content-Security-Policy blocked.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(phone ? new Dimension(390, 844) : new Dimension(1280, 900));
        this.base = "http://localhost:" + port;
    }

    public WebDriver driver() {
        return driver;
    }

    /** What the page's Content-Security-Policy refused since the last call (scripts, styles, eval), as logged. */
    public List<String> policyViolations() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public Browser logIn(String username, String password) {
        open("/login");
        field("username").sendKeys(username);
        field("password").sendKeys(password);
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    public Browser logOut() {
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitFor(d -> d.getCurrentUrl().contains("/login"));
        return this;
    }

    /**
     * The form control whose label, id or name is {@code name}. A control behind a closed {@code <details>} ("More
     * options") is opened first, as a person would.
     */
    public WebElement field(String name) {
        List<WebElement> byId = driver.findElements(By.id(name));
        if (!byId.isEmpty()) {
            return revealed(byId.get(0));
        }
        List<WebElement> byName = driver.findElements(By.name(name));
        if (!byName.isEmpty()) {
            return revealed(byName.get(0));
        }
        WebElement label = driver.findElement(By.xpath("//label[normalize-space()=" + quoted(name) + "]"));
        return revealed(driver.findElement(By.id(label.getAttribute("for"))));
    }

    /** Opens every closed {@code <details>} around the element by clicking its summary, as a person would. */
    private WebElement revealed(WebElement element) {
        script("""
                var closed = [];
                for (var d = arguments[0].closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
                  if (!d.open) { closed.unshift(d); }
                }
                closed.forEach(function (d) { d.querySelector(':scope > summary').click(); });""", element);
        return element;
    }

    public Browser fill(String name, String value) {
        WebElement field = field(name);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** Clicks the button or link whose visible text is {@code text}. */
    public Browser click(String text) {
        By clickable = By.xpath("//button[normalize-space()=" + quoted(text) + "] | //a[normalize-space()="
                + quoted(text) + "] | //input[@type='submit' and @value=" + quoted(text) + "]");
        revealed(patiently().until(ExpectedConditions.presenceOfElementLocated(clickable)));
        WebElement target = patiently().until(ExpectedConditions.elementToBeClickable(clickable));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        boolean navigates = "a".equals(target.getTagName())
                || "submit".equals(target.getAttribute("type"));
        WebElement page = driver.findElement(By.tagName("html"));
        target.click();
        if (navigates) {
            // The next step must act on the next page, not on the one it just left.
            try {
                patiently().until(left(page));
            } catch (TimeoutException stayed) {
                // A form the browser refused to send (a required field left empty) stays: the test's next wait says so.
            }
        }
        return this;
    }

    /**
     * Whether the browser left the page: its element is stale, or (Chromium, when asked mid-navigation) belongs to
     * no document any more, which ChromeDriver reports as an unknown error rather than as a stale element.
     */
    public static ExpectedCondition<Boolean> left(WebElement page) {
        return driver -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException asked) {
                if (String.valueOf(asked.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw asked;
            }
        };
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page shows {@code text} (a page refreshes itself when the other side acts). */
    public Browser waitForText(String text) {
        try {
            waitFor(d -> d.findElement(By.tagName("body")).getText().contains(text));
        } catch (TimeoutException e) {
            throw new AssertionError("'" + text + "' never showed on " + driver.getCurrentUrl() + ", which shows:\n"
                    + text(), e);
        }
        return this;
    }

    /** A wait of up to 20 seconds that looks again every 20 ms. */
    public WebDriverWait patiently() {
        return new WebDriverWait(driver, PATIENCE, LOOK_AGAIN);
    }

    public <T> T waitFor(Function<WebDriver, T> condition) {
        return patiently().ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Saves a screenshot as {@code <name>.png} under {@code -Darbiter.screenshots=<dir>} (the README's pictures are
     * made so); without that property nothing is written.
     */
    public Browser screenshot(String name) {
        String directory = System.getProperty("arbiter.screenshots");
        if (directory != null && !directory.isBlank()) {
            try {
                Path target = Path.of(directory).resolve(name + ".png");
                Files.createDirectories(target.getParent());
                Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String quoted(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
