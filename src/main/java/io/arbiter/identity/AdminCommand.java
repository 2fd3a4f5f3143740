package io.arbiter.identity;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.arbiter.common.InvalidInputException;
import io.arbiter.common.StateConflictException;

/**
 * {@code admin create --username=NAME}: the way into a production database, where no demo user exists. Creates an
 * admin who logs in with a password (taken from {@code ARBITER_ADMIN_PASSWORD}, or generated and printed once) and,
 * unless {@code --no-api-key}, an integration API key (printed once, stored hashed), in one transaction. Exit code
 * 0 done, 1 refused (the user exists, an option is wrong).
 */
@Component
@ConditionalOnProperty(name = "arbiter.command", havingValue = "admin-create")
class AdminCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String PASSWORD_VARIABLE = "ARBITER_ADMIN_PASSWORD";
    private static final int MIN_PASSWORD_LENGTH = 12;

    private final UserDirectory users;
    private final ApiKeys apiKeys;
    private final TransactionTemplate transaction;
    private final Environment environment;
    private final PrintStream out;
    private volatile int exitCode = 1;

    AdminCommand(UserDirectory users, ApiKeys apiKeys, TransactionTemplate transaction, Environment environment) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.transaction = transaction;
        this.environment = environment;
        this.out = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<String> username = option(args, "username");
        if (username.isEmpty()) {
            out.println("Arbiter admin create: --username=NAME is required");
            return;
        }
        String given = environment.getProperty(PASSWORD_VARIABLE);
        if (given != null && given.length() < MIN_PASSWORD_LENGTH) {
            out.println("Arbiter admin create: " + PASSWORD_VARIABLE + " must have at least " + MIN_PASSWORD_LENGTH
                    + " characters");
            return;
        }
        String password = given != null ? given : ApiKeys.randomSecret(18);
        boolean withKey = !args.containsOption("no-api-key");
        try {
            ApiKeys.CreatedKey key = transaction.execute(status -> {
                users.createUser(option(args, "id").orElse(username.get()), username.get(), password, Role.ADMIN,
                        option(args, "display-name").orElse("Administrator"), option(args, "email").orElse(null));
                return withKey ? apiKeys.create(option(args, "api-key-name").orElse("marketplace back end")) : null;
            });
            out.println("Arbiter admin create: admin '" + username.get() + "' created"
                    + (given != null ? ", with the password from " + PASSWORD_VARIABLE
                    : "; password (shown once, store it now): " + password));
            if (key != null) {
                out.println("Arbiter admin create: integration API key '" + key.name()
                        + "' (shown once, send it as X-Api-Key): " + key.key());
            }
            exitCode = 0;
        } catch (InvalidInputException | StateConflictException refused) {
            out.println("Arbiter admin create: refused: " + refused.getMessage());
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private static Optional<String> option(ApplicationArguments args, String name) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty() : Optional.of(values.get(0));
    }
}
