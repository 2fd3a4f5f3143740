package io.arbiter.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.RefusalCode;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;

class RefusalsTests {

    private final Refusals refusals = new Refusals(bundles());

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void writesARuleViolationInTheReadersLanguageByItsField() {
        RuleViolationException tooMuch = new RuleViolationException("terms.amount",
                "a partial refund needs an amount from 1 to 8900 (what is held on the order)");

        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));
        assertThat(refusals.say(tooMuch)).startsWith("Un importe va solo con un reembolso parcial");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("ru"));
        assertThat(refusals.say(tooMuch)).startsWith("Сумма указывается только при частичном возврате");
    }

    @Test
    void namesTheDisputesStatusInAStepTakenAtTheWrongTime() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("fr"));

        String said = refusals.say(new StateConflictException("ACCEPT_OFFER is not possible now",
                "UNDER_REVIEW", List.of()));

        assertThat(said).startsWith("Cette étape n'est pas possible maintenant").doesNotContain("UNDER_REVIEW");
    }

    @Test
    void tellsAStalePageFromAStepAtTheWrongTimeByItsCode() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("pt"));

        String stale = refusals.say(new StateConflictException("the copy is old, whatever the API says today",
                "AWAITING_BUYER", List.of(), RefusalCode.STALE_COPY));
        String wrongTime = refusals.say(new StateConflictException("the dispute changed since you read it",
                "AWAITING_BUYER", List.of()));

        assertThat(stale).startsWith("A disputa mudou desde que esta página foi mostrada");
        assertThat(wrongTime).startsWith("Este passo não é possível agora");
    }

    @Test
    void anyBlankTextIsOneRuleWhateverItsFieldOrKind() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));

        assertThat(refusals.say(RuleViolationException.blank("question")))
                .isEqualTo(refusals.say(RuleViolationException.blank("reasons")))
                .isEqualTo(refusals.say(InvalidInputException.blank("title")))
                .isEqualTo(refusals.say(new InvalidInputException("text", "is empty", RefusalCode.BLANK_TEXT)))
                .startsWith("Falta un texto obligatorio");
    }

    @Test
    void recognisesABlankTextByItsCodeNotItsWording() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));

        assertThat(refusals.say(new InvalidInputException("question", "question must not be blank")))
                .isEqualTo("question must not be blank");
        assertThat(refusals.say(new InvalidInputException("title", "title must not be blank")))
                .as("a title refused without the blank code is the title's other rule")
                .doesNotStartWith("Falta un texto obligatorio");
    }

    @Test
    void aRefusalNoBundleNamesIsShownAsTheRuleWroteIt() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));

        assertThat(refusals.say(new RuleViolationException("seller.id", "buyer and seller must be different users")))
                .isEqualTo("buyer and seller must be different users");
        assertThat(refusals.say(new IllegalStateException("no such dispute"))).isEqualTo("no such dispute");
    }

    @Test
    void everyRuleTheDisputeRefusesOnAPageHasItsTextInEnglish() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        for (String field : List.of("piecesAffected", "resolution.type", "terms.amount", "reason", "statement",
                "differences", "customsCause", "evidence", "returnAddress", "sellerPaysReturnShipping", "from",
                "dueAt", "until", "shippingCost", "deliveredAt", "amount")) {
            RuleViolationException refusal = new RuleViolationException(field, "the rule's own words");

            assertThat(refusals.say(refusal)).as(field).isNotEqualTo("the rule's own words").doesNotContain("{");
        }
    }

    private static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource bundles = new ResourceBundleMessageSource();
        bundles.setBasenames("i18n/common");
        bundles.setDefaultEncoding("UTF-8");
        bundles.setAlwaysUseMessageFormat(true);
        bundles.setFallbackToSystemLocale(false);
        return bundles;
    }
}
