package io.arbiter.common;

/**
 * A refusal's kind, named apart from its English wording (the API's, which may change): the pages recognise a refusal
 * by its code to write it in the reader's language. Most refusals need none, their field names the rule.
 */
public enum RefusalCode {
    /** A required text is empty, whichever field it is. */
    BLANK_TEXT,
    /** The caller acted on a copy that has changed since it was read. */
    STALE_COPY
}
