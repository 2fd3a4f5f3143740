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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
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
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.arbiter.identity.ApiKeys;
import io.arbiter.identity.UserDirectory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)

class SecurityConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver());
    }

    @Bean
    PasswordEncoder passwordEncoder(SecurityProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }

    /**
     * Password logins (HTTP Basic and the login form). The user and the stored hash are read on every request;
     * bcrypt runs only when the presented password was not accepted for that hash in the last few minutes.
     */
    @Bean
    DaoAuthenticationProvider passwordAuthentication(UserDirectory users, PasswordEncoder passwordEncoder,
                                                     SecurityProperties properties, Clock clock) {
        UserDetailsService passwordUsers = username -> users.findPasswordLogin(username)
                .map(login -> new PasswordUser(login.user().actor(), username, login.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(passwordUsers);
        SecurityProperties.VerifiedPasswords remembered = properties.verifiedPasswords();
        provider.setPasswordEncoder(remembered.enabled()
                ? new RememberingPasswordEncoder(passwordEncoder, remembered.ttl(), remembered.maxEntries(), clock)
                : passwordEncoder);
        return provider;
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }

    /**
     * The API: HTTP Basic, an API key or a bearer token, answered with problem documents. A page's session is
     * accepted too (the pages upload evidence with tus and show evidence files through the API), and then, as
     * for any form, a CSRF token is required; the API itself never starts a session.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, SecurityProperties properties,
                                    ProblemResponses problems) throws Exception {
        HttpSessionSecurityContextRepository pageSessions = new HttpSessionSecurityContextRepository();
        pageSessions.setAllowSessionCreation(false);
        // The request-attribute repository carries the caller into the async dispatch of a streamed response.
        SecurityContextRepository callers = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), pageSessions);
        http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(
                        request -> isUnsafe(request) && isPageSession(request, properties.apiKeyHeader())))
                .securityContext(context -> context.securityContextRepository(callers))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, properties.apiKeyHeader(), problems),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated());
        if (properties.jwt().enabled()) {
            JwtDecoder decoder = jwtDecoder(properties.jwt());
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
                                     ObjectProvider<ClientRegistrationRepository> oidcClients) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/images/**", "/webjars/**", "/vendor/**",
                                "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/agent/**").hasAnyRole("AGENT", "ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        if (oidcClients.getIfAvailable() != null) {
            http.oauth2Login(oidc -> oidc.loginPage("/login")
                    .userInfoEndpoint(info -> info.oidcUserService(new OidcActorUserService(users, properties.jwt()))));
        }
        return http.build();
    }

    private static boolean isUnsafe(HttpServletRequest request) {
        return !Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod());
    }

    /** A browser calling with its page session's cookie, rather than with credentials of its own. */
    private static boolean isPageSession(HttpServletRequest request, String apiKeyHeader) {
        return request.getRequestedSessionId() != null && request.getHeader("Authorization") == null
                && request.getHeader(apiKeyHeader) == null;
    }

    private static JwtDecoder jwtDecoder(SecurityProperties.Jwt settings) throws IOException {
        NimbusJwtDecoder decoder = settings.publicKeyLocation() != null
                ? NimbusJwtDecoder.withPublicKey(readPublicKey(settings)).build()
                : NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        OAuth2TokenValidator<Jwt> validator = settings.issuer() == null || settings.issuer().isBlank()
                ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(settings.issuer());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator));
        return decoder;
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
