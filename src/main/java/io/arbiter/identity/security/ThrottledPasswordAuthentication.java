package io.arbiter.identity.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-ins (HTTP Basic and the login form) through the sign-in throttle: refused while the account or the
 * client address is throttled, whatever the password (else the answer would tell a guess right from wrong), and
 * every wrong password or unknown user counted.
 */
class ThrottledPasswordAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledPasswordAuthentication(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String account = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : "unknown";
        throttle.retryAfter(account, address).ifPresent(wait -> {
            throw new SignInThrottledException(wait);
        });
        try {
            return passwords.authenticate(authentication);
        } catch (BadCredentialsException wrong) {
            throttle.failed(SignInThrottle.Method.PASSWORD, account, address);
            throw wrong;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
