package io.arbiter.pages;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.PayloadTooLargeException;
import io.arbiter.common.RefusalCode;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;
import io.arbiter.common.UnsupportedContentException;
import io.arbiter.dispute.Dispute;

/**
 * A refusal written in the reader's language. The rules (the dispute, its services, the forms) refuse in English
 * for the API; a page names the refusal by its kind, its {@link RefusalCode code} and the field at fault, which stay
 * stable while the English wording changes, and reads {@code refusal.<kind>.<field>} from the bundles. A refusal no
 * bundle names yet is shown as the rule wrote it.
 */
@Component
class Refusals {

    private final MessageSource messages;

    Refusals(MessageSource messages) {
        this.messages = messages;
    }

    String say(RuntimeException refusal) {
        Locale locale = LocaleContextHolder.getLocale();
        String english = refusal.getMessage();
        String key = key(refusal);
        if (key == null) {
            return english;
        }
        // {0} the dispute's status when a step came at the wrong time, {1} how far ahead an agent may set a due time.
        String status = refusal instanceof StateConflictException conflict && conflict.currentState() != null
                ? messages.getMessage("status." + conflict.currentState(), null, conflict.currentState(), locale) : "";
        return messages.getMessage(key, new Object[] {status, Dispute.LONGEST_AGENT_DUE_DAYS}, english, locale);
    }

    /** The bundle key naming this refusal, or null when it has no stable name. */
    static String key(RuntimeException refusal) {
        // A blank text is the same rule whichever text is missing.
        if (codeOf(refusal) == RefusalCode.BLANK_TEXT) {
            return "refusal.blank";
        }
        if (refusal instanceof RuleViolationException rule && rule.field() != null) {
            return "refusal.rule." + unprefixed(rule.field());
        }
        if (refusal instanceof InvalidInputException invalid && invalid.field() != null) {
            return "refusal.invalid." + unprefixed(invalid.field());
        }
        if (refusal instanceof StateConflictException conflict && conflict.currentState() != null) {
            return conflict.code() == RefusalCode.STALE_COPY ? "refusal.conflict.stale" : "refusal.conflict.state";
        }
        if (refusal instanceof UnsupportedContentException) {
            return "refusal.unsupported";
        }
        return refusal instanceof PayloadTooLargeException ? "refusal.tooLarge" : null;
    }

    private static RefusalCode codeOf(RuntimeException refusal) {
        return refusal instanceof RuleViolationException rule ? rule.code()
                : refusal instanceof InvalidInputException invalid ? invalid.code() : null;
    }

    /** {@code resolution.amount} (a claim) and {@code terms.amount} (an offer) are the same rule on an amount. */
    private static String unprefixed(String field) {
        int dot = field.lastIndexOf('.');
        return field.startsWith("resolution.") || field.startsWith("terms.") ? field.substring(dot + 1) : field;
    }
}
