package io.arbiter.identity.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)

class SecurityConfiguration implements WebMvcConfigurer {

    /**
     * Pages load scripts, styles, images and media from Arbiter only, and run no inline script or style (htmx is
     * told not to add its indicator style, see layout.html); evidence previews use blob: URLs.
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver());
    }

    @Bean
    PasswordEncoder passwordEncoder(SecurityProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }

    /**
     * Password logins (HTTP Basic and the login form), through the sign-in throttle. The user and the stored hash are
     * read on every request; bcrypt runs only when the presented password was not accepted for that hash in the last
     * few minutes.
     */
    @Bean
    AuthenticationProvider passwordAuthentication(UserDirectory users, PasswordEncoder passwordEncoder,
                                                  SecurityProperties properties, SignInThrottle throttle, Clock clock) {
        UserDetailsService passwordUsers = username -> users.findPasswordLogin(username)
                .map(login -> new PasswordUser(login.user().actor(), username, login.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(passwordUsers);
        SecurityProperties.VerifiedPasswords remembered = properties.verifiedPasswords();
        provider.setPasswordEncoder(remembered.enabled()
                ? new RememberingPasswordEncoder(passwordEncoder, remembered.ttl(), remembered.maxEntries(), clock)
                : passwordEncoder);
        return new ThrottledPasswordAuthentication(provider, throttle);
    }

    @Bean
    SignInThrottle signInThrottle(SecurityProperties properties, JdbcClient jdbc, Clock clock) {
        return new SignInThrottle(properties.signInThrottle(), jdbc, clock);
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json, MessageSource messages) {
        return new ProblemResponses(json, messages);
    }

    /**
     * CSRF tokens live in a cookie (HttpOnly; the pages read theirs from a meta tag), not in a session: an anonymous
     * visitor of the login page gets no session row. Pages and the API check the same tokens.
     */
    @Bean
    CsrfTokenRepository csrfTokens() {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setHeaderName("X-CSRF-TOKEN");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return tokens;
    }

    /**
     * The API: HTTP Basic, an API key or a bearer token, answered with problem documents. A page's session is
     * accepted too (the pages upload evidence with tus and show evidence files through the API), and then, as
     * for any form, a CSRF token is required; the API itself never starts a session.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, SecurityProperties properties,
                                    ProblemResponses problems, SignInThrottle throttle, CsrfTokenRepository csrfTokens,
                                    Clock clock) throws Exception {
        String apiKeyHeader = properties.apiKeyHeader();
        // A request that carries credentials of its own is judged by them alone: its session, if any, is not read,
        // so a bogus header cannot ride on a page's session past the CSRF check.
        SecurityContextRepository pageSessions = new PageSessionUnlessCredentials(
                request -> carriesCredentials(request, apiKeyHeader));
        // The request-attribute repository carries the caller into the async dispatch of a streamed response.
        SecurityContextRepository callers = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), pageSessions);
        http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).requireCsrfProtectionMatcher(request ->
                        isUnsafe(request) && request.getRequestedSessionId() != null
                                && !carriesCredentials(request, apiKeyHeader)))
                .securityContext(context -> context.securityContextRepository(callers))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                // A refused call is not a page to come back to after logging in: keeping it would start a session.
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, apiKeyHeader, problems, throttle),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated());
        if (properties.jwt().enabled()) {
            JwtDecoder decoder = jwtDecoder(properties.jwt(), clock);
            http.oauth2ResourceServer(oauth -> oauth
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(jwt -> jwt.decoder(decoder)
                            .jwtAuthenticationConverter(new JwtActorConverter(properties.jwt()))));
        }
        return http.build();
    }

    /**
     * The pages: a login form (and OIDC login when a client registration is configured), sessions kept in the
     * database, CSRF tokens on every form. Agents' and admins' pages need those roles.
     */
    @Bean
    @Order(2)
    SecurityFilterChain pageSecurity(HttpSecurity http, UserDirectory users, SecurityProperties properties,
                                     ObjectProvider<ClientRegistrationRepository> oidcClients,
                                     CsrfTokenRepository csrfTokens) throws Exception {
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                // The page asked for before logging in is kept in a cookie, so an anonymous visit starts no session.
                .requestCache(cache -> cache.requestCache(new CookieRequestCache()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/images/**", "/webjars/**", "/vendor/**",
                                "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/agent/**").hasAnyRole("AGENT", "ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler(SecurityConfiguration::loginFailed).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        if (oidcClients.getIfAvailable() != null) {
            http.oauth2Login(oidc -> oidc.loginPage("/login")
                    .userInfoEndpoint(info -> info.oidcUserService(new OidcActorUserService(users, properties.jwt()))));
        }
        return http.build();
    }

    /**
     * Back to the login page, saying why, without keeping the failure in a session (which would start one for
     * every wrong password).
     */
    private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
                                    AuthenticationException e) throws IOException {
        response.sendRedirect(e instanceof SignInThrottledException throttled
                ? "/login?throttled=" + Math.max(1, (throttled.retryAfterSeconds() + 59) / 60)
                : "/login?error");
    }

    private static boolean isUnsafe(HttpServletRequest request) {
        return !Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod());
    }

    /** Credentials of the request's own (HTTP Basic, a bearer token, an API key), right or wrong. */
    private static boolean carriesCredentials(HttpServletRequest request, String apiKeyHeader) {
        return request.getHeader("Authorization") != null || request.getHeader(apiKeyHeader) != null;
    }

    private static JwtDecoder jwtDecoder(SecurityProperties.Jwt settings, Clock clock) throws IOException {
        NimbusJwtDecoder decoder = settings.publicKeyLocation() != null
                ? NimbusJwtDecoder.withPublicKey(readPublicKey(settings)).build()
                : NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                settings.issuer() == null || settings.issuer().isBlank()
                        ? JwtValidators.createDefault()
                        : JwtValidators.createDefaultWithIssuer(settings.issuer()));
        decoder.setJwtValidator(validator);
        return settings.verifiedTtl().isZero() ? decoder : new RememberingJwtDecoder(decoder, validator,
                settings.verifiedTtl(), settings.verifiedMaxEntries(), clock);
    }

    private static RSAPublicKey readPublicKey(SecurityProperties.Jwt settings) throws IOException {
        try (InputStream in = settings.publicKeyLocation().getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("arbiter.security.jwt.public-key-location is not a PEM RSA public key", e);
        }
    }
}
