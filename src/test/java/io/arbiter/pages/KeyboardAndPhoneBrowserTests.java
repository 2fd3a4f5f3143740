package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;

/**
 * People who use no mouse: a buyer opens a dispute with the keyboard alone (Tab to move, arrows in a group of
 * choices, Enter and Space to act), seeing where the focus is at every step; and on a phone the header stays on
 * one line whatever the role and the language, its pages behind a "Menu" that the keyboard opens.
 */
@BrowserTest
class KeyboardAndPhoneBrowserTests extends ApiTest {

    private static final int MOST_TABS = 80;

    @Test
    void aBuyerOpensADisputeWithTheKeyboardAloneAndAlwaysSeesTheFocus() {
        Person buyer = marketplace.buyer();
        String orderId = marketplace.deliveredOrder(buyer, marketplace.seller());
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(buyer.username(), Marketplace.PASSWORD).open("/orders");
            Keyboard keys = new Keyboard(browser);

            keys.tabTo("the order " + orderId, e -> e.getText().contains(orderId)).follow(Keys.ENTER);
            keys.tabTo("Open a dispute", text("Open a dispute")).follow(Keys.ENTER);

            keys.tabTo("the reasons", e -> "reason".equals(e.getAttribute("name")));
            keys.arrowTo("QUALITY_ISSUE").tabTo("Next", text("Next")).follow(Keys.ENTER);
            browser.waitForText("What you will need for “Quality issue”");
            keys.tabTo("Next", text("Next")).follow(Keys.SPACE);
            keys.tabTo("the description", e -> "description".equals(e.getAttribute("id")))
                    .type("The sole comes off after one day");
            // The pieces affected are 1 already: Tab goes past them.
            keys.tabTo("Next", text("Next")).follow(Keys.ENTER);

            keys.tabTo("the resolutions", e -> "resolution".equals(e.getAttribute("name")));
            keys.arrowTo("FULL_REFUND_WITH_RETURN").tabTo("Next", text("Next")).follow(Keys.ENTER);
            keys.tabTo("File the claim", text("File the claim")).follow(Keys.SPACE);

            browser.waitForText("Waiting for the seller");
            assertThat(browser.text()).contains("The sole comes off after one day");
        }
    }

    @Test
    void theHeaderFitsOneLineOnAPhoneForEveryRoleInEveryLanguageAndItsMenuOpensByKeyboard() {
        for (Person person : List.of(marketplace.buyer(), marketplace.seller(), marketplace.agent(),
                marketplace.admin())) {
            try (Browser browser = new Browser(port, true)) {
                browser.logIn(person.username(), Marketplace.PASSWORD);
                for (String language : List.of("English", "Español", "Português", "Français", "Русский")) {
                    browser.click(language);
                    String where = person.username() + " in " + language;
                    assertHeaderFits(browser, where + ", menu closed");
                    browser.script("document.querySelector('header.top details.site-menu').open = true");
                    assertHeaderFits(browser, where + ", menu open");
                    browser.script("document.querySelector('header.top details.site-menu').open = false");
                }

                // The pages behind "Menu": Tab reaches it, Enter opens it, Tab goes on to its links; the page shown
                // is marked as the current one.
                browser.open("/inbox");
                Keyboard keys = new Keyboard(browser);
                keys.tabTo("Menu", e -> "summary".equals(e.getTagName())
                        && e.findElement(By.xpath("..")).getAttribute("class").contains("site-menu"));
                assertThat(browser.driver().findElement(By.cssSelector("header.top nav")).isDisplayed()).isFalse();
                keys.press(Keys.ENTER);
                WebElement current = browser.driver().findElement(By.cssSelector("header.top nav [aria-current=page]"));
                assertThat(current.isDisplayed()).as(person.username() + "'s open menu").isTrue();
                assertThat(current.getAttribute("href")).endsWith("/inbox");
                keys.tabTo("the inbox", e -> "page".equals(e.getAttribute("aria-current")));
                keys.follow(Keys.ENTER);
                assertThat(browser.driver().getCurrentUrl()).endsWith("/inbox");
            }
        }
    }

    @Test
    void onADesktopThePagesStayInTheHeaderWithoutAMenu() {
        Person admin = marketplace.admin();
        try (Browser browser = new Browser(port, false)) {
            browser.logIn(admin.username(), Marketplace.PASSWORD).open("/agent/replies");
            assertThat(browser.driver().findElement(By.cssSelector("header.top details.site-menu > summary"))
                    .isDisplayed()).isFalse();
            WebElement current = browser.driver().findElement(By.cssSelector("header.top nav [aria-current=page]"));
            assertThat(current.isDisplayed()).isTrue();
            assertThat(current.getText()).isEqualTo("Saved replies");
            assertThat(browser.driver().findElements(By.cssSelector("header.top nav a")).stream()
                    .allMatch(WebElement::isDisplayed)).isTrue();
        }
    }

    /**
     * The header on one line (the brand, the menu, the account's menus share a band) and no part of it wider than
     * the phone: nothing makes the page scroll sideways.
     */
    private static void assertHeaderFits(Browser browser, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) browser.script("""
                var header = document.querySelector('header.top');
                var parts = Array.from(header.children).map(function (c) { return c.getBoundingClientRect(); });
                var lowestTop = Math.max.apply(null, parts.map(function (r) { return r.top; }));
                var highestBottom = Math.min.apply(null, parts.map(function (r) { return r.bottom; }));
                var outside = Array.from(header.querySelectorAll('*')).filter(function (e) {
                  var r = e.getBoundingClientRect();
                  return r.width > 0 && (r.left < 0 || r.right > window.innerWidth);
                }).map(function (e) { return e.tagName + '.' + e.className + ' ' + e.textContent.trim(); });
                return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,
                        header: header.getBoundingClientRect().height, overlap: highestBottom - lowestTop,
                        parts: parts.length, outside: outside};""");
        String what = where + ": " + header;
        assertThat(((Number) header.get("viewport")).intValue()).as(what).isLessThanOrEqualTo(390);
        assertThat(((Number) header.get("parts")).intValue()).as(what).isEqualTo(3);
        assertThat(((Number) header.get("overlap")).doubleValue()).as(what).isPositive();
        assertThat(((Number) header.get("header")).doubleValue()).as(what).isLessThan(80);
        assertThat((List<?>) header.get("outside")).as(what + ": wider than the phone").isEmpty();
        assertThat(((Number) header.get("page")).intValue()).as(what + " scrolls sideways")
                .isLessThanOrEqualTo(((Number) header.get("viewport")).intValue());
    }

    private static Predicate<WebElement> text(String text) {
        return element -> text.equals(element.getText().trim());
    }

    /** Tab, arrows, Enter and Space, each checking that the element they reach shows it has the focus. */
    private static final class Keyboard {

        private final Browser browser;

        Keyboard(Browser browser) {
            this.browser = browser;
        }

        Keyboard tabTo(String what, Predicate<WebElement> wanted) {
            for (int tabs = 0; tabs < MOST_TABS; tabs++) {
                new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
                if ("body".equals(browser.driver().switchTo().activeElement().getTagName())) {
                    continue; // past the last control: the next Tab starts again at the top
                }
                WebElement focused = focusShown();
                if (wanted.test(focused)) {
                    return this;
                }
            }
            return fail("%s not reached in %d presses of Tab on %s", what, MOST_TABS,
                    browser.driver().getCurrentUrl());
        }

        /** Moves through a group of radio buttons with the arrow keys (Space on the first) until this one is chosen. */
        Keyboard arrowTo(String value) {
            for (int presses = 0; presses < 20; presses++) {
                WebElement focused = focusShown();
                if (value.equals(focused.getAttribute("value"))) {
                    if (!focused.isSelected()) {
                        // Tab reaches the first choice of a group with none chosen without choosing it: Space does.
                        new Actions(browser.driver()).sendKeys(Keys.SPACE).perform();
                    }
                    assertThat(focused.isSelected()).as(value + " is chosen").isTrue();
                    return this;
                }
                new Actions(browser.driver()).sendKeys(Keys.ARROW_DOWN).perform();
            }
            return fail("%s not reached with the arrow keys", value);
        }

        /** Presses a key that acts on the page without leaving it. */
        Keyboard press(Keys key) {
            new Actions(browser.driver()).sendKeys(key).perform();
            return this;
        }

        Keyboard type(String text) {
            new Actions(browser.driver()).sendKeys(text).perform();
            return this;
        }

        /** Presses a key that leads to another page, and waits for that page. */
        Keyboard follow(Keys key) {
            WebElement page = browser.driver().findElement(By.tagName("html"));
            new Actions(browser.driver()).sendKeys(key).perform();
            browser.patiently().until(Browser.left(page));
            browser.waitFor(driver -> "complete".equals(browser.script("return document.readyState")));
            return this;
        }

        /** The focused element, which must be drawn with a visible focus ring (outline or shadow). */
        private WebElement focusShown() {
            WebElement focused = browser.driver().switchTo().activeElement();
            Object ring = browser.script("""
                    var style = getComputedStyle(arguments[0]);
                    var outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                    return outlined || (style.boxShadow && style.boxShadow !== 'none');""", focused);
            assertThat(ring).as("a visible focus on <%s> %s", focused.getTagName(), focused.getText()).isEqualTo(true);
            return focused;
        }
    }
}
