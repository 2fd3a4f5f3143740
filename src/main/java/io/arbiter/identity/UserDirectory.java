package io.arbiter.identity;

import io.arbiter.common.SqlTime;
import io.arbiter.common.TransactionMemory;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.NotFoundException;
import io.arbiter.common.RuleViolationException;
import io.arbiter.common.StateConflictException;

/**
 * The people Arbiter knows: users who log in with a password (demo users, agents and admins created
 * by an admin) and parties named by imported orders, who log in through the marketplace's OIDC provider.
 * Ids are the marketplace's user ids.
 */
@Service
public class UserDirectory {

    private static final String COLUMNS = "id, username, role, display_name, email, locale, time_zone";

    private final JdbcClient jdbc;
    private final TransactionMemory<String, Optional<User>> readInThisTransaction = new TransactionMemory<>();
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final ZoneId marketplaceZone;

    UserDirectory(JdbcClient jdbc, PasswordEncoder passwordEncoder, Clock clock,
                  @Value("${arbiter.pages.time-zone:UTC}") String marketplaceZone) {
        this.marketplaceZone = ZoneId.of(marketplaceZone);
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /** {@code timeZone} is the IANA zone id the user picked, or null while the marketplace's zone applies. */
    public record User(String id, String username, Role role, String displayName, String email, String locale,
                       String timeZone) {

        public Actor actor() {
            return new Actor(id, role, displayName);
        }
    }

    /** Creates a user who logs in with a password. */
    @Transactional
    public User createUser(String id, String username, String password, Role role, String displayName, String email) {
        if (role == Role.SYSTEM || role == Role.INTEGRATION) {
            throw new InvalidInputException("role", "role must be BUYER, SELLER, AGENT or ADMIN");
        }
        readInThisTransaction.forget(id);
        if (findById(id).isPresent() || findByUsername(username).isPresent()) {
            throw new StateConflictException("a user with id '" + id + "' or username '" + username + "' exists already");
        }
        jdbc.sql("""
                insert into app_user (id, username, password_hash, role, display_name, email, locale, created_at)
                values (:id, :username, :hash, :role, :name, :email, :locale, :now)""")
                .param("id", id).param("username", username).param("hash", passwordEncoder.encode(password))
                .param("role", role.name()).param("name", displayName).param("email", email)
                .param("locale", Locale.ENGLISH.toLanguageTag()).param("now", SqlTime.of(clock.instant()))
                .update();
        readInThisTransaction.forget(id);
        return findById(id).orElseThrow();
    }

    /** A party as an imported order names it; a null name or e-mail leaves the one known as it is. */
    public record NamedParty(String id, Role role, String displayName, String email) {
    }

    /**
     * Records the parties an imported order names, or refreshes their names and e-mails: one read for all of them,
     * and a write only for a party that is new or whose name or e-mail changed (an order is imported again with
     * every update). A party already known keeps its role and password.
     */
    @Transactional
    public void registerParties(List<NamedParty> parties) {
        Map<String, User> known = findByIds(parties.stream().map(NamedParty::id).toList());
        for (NamedParty party : parties) {
            User user = known.get(party.id());
            if (user == null) {
                readInThisTransaction.forget(party.id());
                // "on conflict do nothing": an import of another order naming the same new party may be first.
                jdbc.sql("""
                        insert into app_user (id, username, password_hash, role, display_name, email, locale, created_at)
                        values (:id, null, null, :role, :name, :email, :locale, :now)
                        on conflict do nothing""")
                        .param("id", party.id()).param("role", party.role().name())
                        .param("name", party.displayName() == null ? party.id() : party.displayName())
                        .param("email", party.email()).param("locale", Locale.ENGLISH.toLanguageTag())
                        .param("now", SqlTime.of(clock.instant()))
                        .update();
            } else if (changes(party.displayName(), user.displayName()) || changes(party.email(), user.email())) {
                readInThisTransaction.forget(party.id());
                jdbc.sql("""
                        update app_user set display_name = coalesce(:name, display_name), email = coalesce(:email, email)
                        where id = :id""")
                        .param("id", party.id()).param("name", party.displayName()).param("email", party.email())
                        .update();
            }
        }
    }

    private static boolean changes(String given, String known) {
        return given != null && !given.equals(known);
    }

    /**
     * The user, read once per transaction: one step looks up the same people several times (the notices' recipients,
     * their languages, the names in the answer). Every change of a user here forgets what the transaction read.
     */
    public Optional<User> findById(String id) {
        Optional<Optional<User>> read = readInThisTransaction.get(id);
        if (read.isPresent()) {
            return read.get();
        }
        Optional<User> user = jdbc.sql("select " + COLUMNS + " from app_user where id = :id").param("id", id)
                .query(UserDirectory::user).optional();
        readInThisTransaction.put(id, user);
        return user;
    }

    public Optional<User> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from app_user where username = :u")
                .param("u", username).query(UserDirectory::user).optional();
    }

    /** Everyone who holds the role (all agents, all admins), by id. */
    public List<User> findByRole(Role role) {
        return jdbc.sql("select " + COLUMNS + " from app_user where role = :role order by id")
                .param("role", role.name()).query(UserDirectory::user).list();
    }

    /** Records the language a user picked; pages and e-mails use it from then on. */
    @Transactional
    public void chooseLocale(String id, Locale locale) {
        readInThisTransaction.forget(id);
        int updated = jdbc.sql("update app_user set locale = :locale, locale_chosen = true where id = :id")
                .param("id", id).param("locale", locale.toLanguageTag()).update();
        if (updated == 0) {
            throw new NotFoundException("user", id);
        }
    }

    /**
     * Records the time zone a user reads times in, an IANA zone id (Europe/Madrid); offsets such as +02:00 are
     * refused, as they miss the changes of summer time.
     */
    @Transactional
    public void chooseTimeZone(String id, String zone) {
        ZoneId valid = ianaZone(zone).orElseThrow(() -> new RuleViolationException("timeZone",
                "'" + zone + "' is not an IANA time zone id such as Europe/Madrid"));
        readInThisTransaction.forget(id);
        int updated = jdbc.sql("update app_user set time_zone = :zone where id = :id")
                .param("id", id).param("zone", valid.getId()).update();
        if (updated == 0) {
            throw new NotFoundException("user", id);
        }
    }

    /** The zone the user reads times in: the one they picked, else the marketplace's. */
    public ZoneId zoneOf(User user) {
        return user.timeZone() == null ? marketplaceZone : ianaZone(user.timeZone()).orElse(marketplaceZone);
    }

    /** The zone of the user with this id; the marketplace's for an unknown id. */
    public ZoneId zoneOf(String id) {
        return findById(id).map(this::zoneOf).orElse(marketplaceZone);
    }

    /** The marketplace's zone ({@code arbiter.pages.time-zone}), for users who picked none. */
    public ZoneId marketplaceZone() {
        return marketplaceZone;
    }

    /** Every IANA zone id a user may pick (region ids, no bare offsets), sorted. */
    public static List<String> timeZones() {
        return ZoneId.getAvailableZoneIds().stream().filter(UserDirectory::isRegion).sorted().toList();
    }

    private static Optional<ZoneId> ianaZone(String zone) {
        return zone != null && isRegion(zone) && ZoneId.getAvailableZoneIds().contains(zone)
                ? Optional.of(ZoneId.of(zone)) : Optional.empty();
    }

    private static boolean isRegion(String zone) {
        return zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/") || zone.equals("UTC");
    }

    /** The language the user picked, if the user ever picked one. */
    public Optional<Locale> chosenLocale(String id) {
        return jdbc.sql("select locale from app_user where id = :id and locale_chosen")
                .param("id", id).query(String.class).optional().map(Locale::forLanguageTag);
    }

    public String displayName(String id) {
        return findById(id).map(User::displayName).orElse(id);
    }

    /** The names of many users in one query; an unknown id stands for itself, as with {@link #displayName}. */
    public Map<String, String> displayNames(Collection<String> ids) {
        Map<String, String> names = new HashMap<>();
        ids.forEach(id -> names.put(id, id));
        findByIds(ids).forEach((id, user) -> names.put(id, user.displayName()));
        return names;
    }

    /**
     * Many users in one query, by id; unknown ids are left out. Those this transaction read before come from its
     * memory, and those read now join it: a step that reads its dispute's people at once finds them there later
     * (its notices' recipients, the names in its answer).
     */
    public Map<String, User> findByIds(Collection<String> ids) {
        Map<String, User> found = new HashMap<>();
        Set<String> unread = new HashSet<>();
        for (String id : ids) {
            Optional<Optional<User>> read = readInThisTransaction.get(id);
            if (read.isPresent()) {
                read.get().ifPresent(user -> found.put(id, user));
            } else {
                unread.add(id);
            }
        }
        if (!unread.isEmpty()) {
            Map<String, User> loaded = new HashMap<>();
            jdbc.sql("select " + COLUMNS + " from app_user where id in (:ids)")
                    .param("ids", unread).query(UserDirectory::user).list()
                    .forEach(user -> loaded.put(user.id(), user));
            unread.forEach(id -> readInThisTransaction.put(id, Optional.ofNullable(loaded.get(id))));
            found.putAll(loaded);
        }
        return found;
    }

    public boolean isEmpty() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single() == 0;
    }

    /**
     * Whether no one can sign in by name yet: the state of a production database before {@code admin create}. Users
     * that imported orders name (and the integration's key holder) have no user name, so they do not count.
     */
    public boolean nobodyHasAUsername() {
        return jdbc.sql("select count(*) from app_user where username is not null").query(Long.class).single() == 0;
    }

    /** A user who logs in with a password, and its stored hash. */
    public record PasswordLogin(User user, String passwordHash) {
    }

    /**
     * The user and the password hash to check a login against, in one read: HTTP Basic callers are looked up on
     * every request.
     */
    public Optional<PasswordLogin> findPasswordLogin(String username) {
        return jdbc.sql("""
                        select %s, password_hash from app_user
                        where username = :u and password_hash is not null""".formatted(COLUMNS))
                .param("u", username)
                .query((rs, row) -> new PasswordLogin(user(rs, row), rs.getString("password_hash"))).optional();
    }

    private static User user(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new User(rs.getString("id"), rs.getString("username"), Role.valueOf(rs.getString("role")),
                rs.getString("display_name"), rs.getString("email"), rs.getString("locale"),
                rs.getString("time_zone"));
    }
}
