package io.arbiter.reply;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.ForbiddenException;
import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.PlainText;
import io.arbiter.identity.Actor;
import io.arbiter.identity.Role;

/**
 * Agents' saved replies. An agent reads its own and the desk's shared ones and keeps its own; the shared ones are
 * kept by admins only. Arbiter's roles have no senior agent: if any agent could change a shared text, one agent
 * could change what the whole desk sends, so sharing is the admins' job (they already manage the agents and the
 * policy). Another agent's own reply does not exist for the caller (404). Named for the templates
 * ({@code @savedReplies}).
 */
@Service("savedReplies")
@Transactional
public class SavedReplies {

    /** The pages' languages: a reply is written in one of them. */
    public static final List<String> LANGUAGES = List.of("en", "es", "pt", "fr", "ru");
    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 5000;

    /** What a reply says; {@code kind} and {@code language} as their names ({@code INFORMATION_REQUEST}, {@code fr}). */
    public record Draft(String kind, String language, String title, String text) {
    }

    /** The replies of one language, for a picker's group; {@code label} the language's name in the page's. */
    public record Group(String language, String label, List<SavedReply> replies) {
    }

    private final SavedReplyStore store;
    private final Clock clock;

    SavedReplies(SavedReplyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The replies the caller reads: an agent's own and the shared ones, an admin's the shared ones; shared first.
     *
     * @param kind     only this kind, or null for every kind
     * @param language only this language, or null for every language
     */
    @Transactional(readOnly = true)
    public List<SavedReply> list(Actor actor, String kind, String language) {
        requireAgentOrAdmin(actor);
        return store.visible(actor.is(Role.AGENT) ? actor.id() : null, kind == null ? null : kind(kind),
                language == null ? null : language(language));
    }

    @Transactional(readOnly = true)
    public SavedReply get(Actor actor, UUID id) {
        requireAgentOrAdmin(actor);
        return visible(actor, id);
    }

    /**
     * A new reply: shared when an admin writes it, the agent's own when an agent does.
     *
     * @param shared null for the caller's default; an agent may not share, an admin may not keep a reply of its own
     */
    public SavedReply create(Actor actor, Draft draft, Boolean shared) {
        requireAgentOrAdmin(actor);
        boolean admin = actor.is(Role.ADMIN);
        if (shared != null && shared != admin) {
            if (admin) {
                throw new InvalidInputException("shared", "an admin's saved replies are the desk's shared ones");
            }
            throw new ForbiddenException("the desk's shared replies are kept by admins; an agent keeps its own");
        }
        Instant now = clock.instant();
        SavedReply reply = checked(new SavedReply(UUID.randomUUID(), null, null, null, null, admin,
                admin ? null : actor.id(), actor.id(), now, now), draft);
        store.insert(reply);
        return reply;
    }

    public SavedReply update(Actor actor, UUID id, Draft draft) {
        SavedReply reply = writable(actor, id);
        SavedReply changed = checked(new SavedReply(reply.id(), null, null, null, null, reply.shared(), reply.ownerId(),
                reply.createdBy(), reply.createdAt(), clock.instant()), draft);
        store.update(changed);
        return changed;
    }

    /** A reply the caller may change and delete, for its edit form: another's is not found, a shared one 403s an agent. */
    @Transactional(readOnly = true)
    public SavedReply kept(Actor actor, UUID id) {
        return writable(actor, id);
    }

    /** Whether the caller may change and delete this reply it reads: an agent its own, an admin the shared ones. */
    public boolean keeps(Actor actor, SavedReply reply) {
        return reply.shared() ? actor.is(Role.ADMIN) : actor.is(Role.AGENT) && actor.id().equals(reply.ownerId());
    }

    public void delete(Actor actor, UUID id) {
        store.delete(writable(actor, id).id());
    }

    /**
     * The replies of one kind the caller may pick on a case page, grouped by language, the page's language first
     * and then in the pages' order. Empty for anyone but agents and admins.
     */
    @Transactional(readOnly = true)
    public List<Group> picker(Actor actor, String kind, Locale pageLocale) {
        if (actor == null || !actor.isOneOf(Role.AGENT, Role.ADMIN)) {
            return List.of();
        }
        Locale page = pageLocale == null ? Locale.ENGLISH : pageLocale;
        String first = page.getLanguage();
        Map<String, List<SavedReply>> byLanguage = new LinkedHashMap<>();
        LANGUAGES.stream().sorted(Comparator.comparing(language -> !language.equals(first)))
                .forEach(language -> byLanguage.put(language, new ArrayList<>()));
        for (SavedReply reply : list(actor, kind, null)) {
            byLanguage.get(reply.language()).add(reply);
        }
        List<Group> groups = new ArrayList<>();
        byLanguage.forEach((language, replies) -> {
            if (!replies.isEmpty()) {
                groups.add(new Group(language, Locale.forLanguageTag(language).getDisplayLanguage(page), replies));
            }
        });
        return groups;
    }

    private SavedReply visible(Actor actor, UUID id) {
        return store.find(id).filter(reply -> reply.shared() || reply.ownerId().equals(actor.id()) && actor.is(Role.AGENT))
                .orElseThrow(() -> new NotFoundException("saved reply", id));
    }

    private SavedReply writable(Actor actor, UUID id) {
        requireAgentOrAdmin(actor);
        SavedReply reply = visible(actor, id);
        if (!keeps(actor, reply)) {
            throw new ForbiddenException("the desk's shared replies are kept by admins");
        }
        return reply;
    }

    private static SavedReply checked(SavedReply base, Draft draft) {
        if (draft == null) {
            throw new InvalidInputException("body", "a saved reply needs kind, language, title and text");
        }
        String title = required("title", draft.title(), MAX_TITLE).strip();
        String text = required("text", draft.text(), MAX_TEXT);
        return new SavedReply(base.id(), kind(required("kind", draft.kind(), 50)),
                language(required("language", draft.language(), 10)), title, text, base.shared(), base.ownerId(),
                base.createdBy(), base.createdAt(), base.updatedAt());
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw InvalidInputException.blank(field);
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, field + " is longer than " + max + " characters");
        }
        PlainText.problemIn(value).ifPresent(problem -> {
            throw new InvalidInputException(field, field + " " + problem);
        });
        return value;
    }

    private static SavedReply.Kind kind(String kind) {
        try {
            return SavedReply.Kind.valueOf(kind.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "kind must be one of INFORMATION_REQUEST, SUGGESTION, DECISION");
        }
    }

    private static String language(String language) {
        String code = language.strip().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(code)) {
            throw new InvalidInputException("language", "language must be one of " + String.join(", ", LANGUAGES));
        }
        return code;
    }

    private static void requireAgentOrAdmin(Actor actor) {
        if (!actor.isOneOf(Role.AGENT, Role.ADMIN)) {
            throw new ForbiddenException("saved replies are for agents and admins");
        }
    }
}
