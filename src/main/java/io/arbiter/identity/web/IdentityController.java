package io.arbiter.identity.web;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.identity.Actor;
import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.Role;
import io.arbiter.identity.UserDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Identity")
class IdentityController {

    private final UserDirectory users;
    private final ApiKeys apiKeys;

    IdentityController(UserDirectory users, ApiKeys apiKeys) {
        this.users = users;
        this.apiKeys = apiKeys;
    }

    record NewUser(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:@-]+") String id,
                   @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+") String username,
                   @NotBlank @Size(min = 8, max = 200) String password, @NotNull Role role,
                   @NotBlank @Size(max = 200) String displayName, @Email @Size(max = 320) String email) {
    }

    record NewApiKey(@NotBlank @Size(max = 200) String name) {
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "Who you are to Arbiter: your user id and role")
    Actor me(Actor actor) {
        return actor;
    }

    /** {@code timeZone}: an IANA zone id such as Europe/Madrid; null in an answer while the marketplace's applies. */
    record Settings(String timeZone) {
    }

    @GetMapping("/api/v1/me/settings")
    @Operation(summary = "Your settings: the time zone your inbox notices, e-mails and pages show times in")
    Settings settings(Actor actor) {
        return new Settings(users.findById(actor.id()).map(UserDirectory.User::timeZone).orElse(null));
    }

    @PutMapping("/api/v1/me/settings")
    @Operation(summary = "Pick the time zone your notices, e-mails and pages show times in (an IANA zone id such as"
            + " Europe/Madrid; anything else is a 422 naming timeZone)")
    Settings chooseSettings(Actor actor, @RequestBody Settings settings) {
        users.chooseTimeZone(actor.id(), settings == null ? null : settings.timeZone());
        return settings(actor);
    }

    @PostMapping("/api/v1/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a user who logs in with a password, such as an agent (admin only)")
    UserDirectory.User createUser(@Valid @RequestBody NewUser user) {
        return users.createUser(user.id(), user.username(), user.password(), user.role(), user.displayName(),
                user.email());
    }

    @PostMapping("/api/v1/admin/api-keys")
    @Operation(summary = "Create an API key for the marketplace's back end; the key is shown only in this answer")
    ResponseEntity<ApiKeys.CreatedKey> createApiKey(@Valid @RequestBody NewApiKey key) {
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(apiKeys.create(key.name()));
    }
}
