package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import tools.jackson.databind.JsonNode;

import io.arbiter.support.ApiTest;
import io.arbiter.support.Axe;
import io.arbiter.support.Browser;
import io.arbiter.support.BrowserTest;
import io.arbiter.support.Marketplace;
import io.arbiter.support.Marketplace.Person;

/**
 * {@code /agent/replies} on a phone: an agent keeps its own saved replies (a refused form says why in the page's
 * language, deleting asks first) and reads the desk's shared ones, which an admin keeps; nobody sees another agent's.
 */
@BrowserTest
class SavedReplyPagesBrowserTests extends ApiTest {

    private static void accessible(Browser browser) {
        assertThat(Axe.violations(browser)).as("axe-core on " + browser.driver().getCurrentUrl()).isEmpty();
    }

    @Test
    void anAgentAddsEditsAndDeletesItsOwnReplyAndReadsTheDesksShared() {
        Person admin = marketplace.admin();
        Person agent = marketplace.agent();
        String shared = admin.api().post("/api/v1/saved-replies", Map.of("kind", "DECISION", "language", "es",
                "title", "Rechazo por falta de pruebas", "text", "No hay pruebas del defecto.")).expect(201)
                .json().get("id").asString();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(agent.username(), Marketplace.PASSWORD).open("/agent");
            browser.click("Saved replies").waitForText("Saved replies");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/agent/replies");
            ReplyCard desk = new ReplyCard(browser, "reply-" + shared);
            assertThat(desk.text()).contains("Rechazo por falta de pruebas").contains("Decision").contains("desk");
            assertThat(desk.links()).as("a shared reply is the admins' to change").isZero();
            accessible(browser);

            // A title left empty is refused beside the form, in the page's language, with what was typed kept.
            browser.click("Español").waitForText("Respuestas guardadas");
            new Select(browser.field("reply-kind")).selectByValue("INFORMATION_REQUEST");
            new Select(browser.field("reply-language")).selectByValue("ru");
            browser.fill("reply-text", "Пришлите фото при дневном свете.");
            browser.click("Guardar").waitForText("No se pudo completar:");
            assertThat(browser.driver().findElement(By.id("form-error")).getText())
                    .contains("Falta un texto obligatorio");
            assertThat(browser.field("reply-title").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.field("reply-text").getAttribute("value")).isEqualTo("Пришлите фото при дневном свете.");
            assertThat(new Select(browser.field("reply-language")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("ru");
            accessible(browser);

            browser.fill("reply-title", "Фото днём").click("Guardar").waitForText("Guardada: “Фото днём”.");
            assertThat(browser.driver().findElement(By.id("language-ru-title")).getText()).isEqualTo("Ruso");
            assertThat(browser.text()).contains("Solicitud de información").contains("tuya");
            accessible(browser);

            browser.click("English").waitForText("Saved replies");
            browser.click("Edit: Фото днём").waitForText("Edit a saved reply");
            accessible(browser);
            browser.fill("reply-title", "Фото при дневном свете").click("Save")
                    .waitForText("Changes saved: “Фото при дневном свете”.");

            browser.click("Delete: Фото при дневном свете").waitForText("Delete this saved reply?");
            assertThat(browser.text()).contains("Фото при дневном свете").contains("This cannot be undone.");
            accessible(browser);
            browser.click("Go back").waitForText("Add a saved reply");
            assertThat(browser.text()).contains("Фото при дневном свете");
            browser.click("Delete: Фото при дневном свете").waitForText("Delete this saved reply?");
            browser.click("Yes, delete").waitForText("Deleted: “Фото при дневном свете”.");
            // Other tests share this context and its desk replies: look for this test's own replies by id and title.
            assertThat(titles(agent.api().get("/api/v1/saved-replies").expect(200).json()))
                    .contains("Rechazo por falta de pruebas").doesNotContain("Фото днём", "Фото при дневном свете");

            // The desk's reply, asked for by address, is not this agent's to edit or delete.
            browser.open("/agent/replies/" + shared);
            assertThat(browser.text()).contains("Your role may not do this.");
        }
    }

    @Test
    void anAdminKeepsTheDesksRepliesAndAnotherAgentsOwnStaysUnseen() {
        Person agent = marketplace.agent();
        String own = agent.api().post("/api/v1/saved-replies", Map.of("kind", "SUGGESTION", "language", "en",
                "title", "Agnes only", "text", "My own words")).expect(201).json().get("id").asString();
        Person admin = marketplace.admin();
        try (Browser browser = new Browser(port, true)) {
            browser.logIn(admin.username(), Marketplace.PASSWORD).open("/agent/replies");
            assertThat(browser.text()).contains("The desk's shared replies").doesNotContain("Agnes only");
            browser.fill("reply-title", "Partial refund, item usable")
                    .fill("reply-text", "The item is usable; a partial refund makes up for the difference.");
            new Select(browser.field("reply-kind")).selectByValue("DECISION");
            browser.click("Save").waitForText("Saved: “Partial refund, item usable”.");
            assertThat(browser.text()).contains("desk");
            accessible(browser);

            browser.open("/agent/replies/" + own);
            assertThat(browser.text()).contains("We could not find that page, or it is not yours to see.");
        }
        assertThat(titles(agent.api().get("/api/v1/saved-replies?kind=DECISION").expect(200).json()))
                .contains("Partial refund, item usable");
    }

    private static List<String> titles(JsonNode replies) {
        List<String> titles = new ArrayList<>();
        replies.forEach(reply -> titles.add(reply.get("title").asString()));
        return titles;
    }

    /** One reply's card: its words and how many links (edit, delete) it offers. */
    private record ReplyCard(Browser browser, String id) {

        String text() {
            return browser.driver().findElement(By.id(id)).getText();
        }

        int links() {
            return browser.driver().findElement(By.id(id)).findElements(By.tagName("a")).size();
        }
    }
}
