package io.arbiter.identity.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

/**
 * The jar's commands run without a web server, where Spring Boot does not enable web security; the filter chains of
 * {@link SecurityConfiguration} are still built (and never used), so that the command runs the same beans as the
 * server does.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnNotWebApplication
@EnableWebSecurity
class CommandSecurity {
}
