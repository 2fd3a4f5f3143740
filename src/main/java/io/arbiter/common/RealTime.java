package io.arbiter.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The wall clock, which the demo never moves: for what other machines check against their own clocks (a webhook's
 * signed timestamp) and for when to send and retry (a receiver's outage is in real time). Business time (due times,
 * what happened when) comes from the unqualified {@link java.time.Clock}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Qualifier
@Documented
public @interface RealTime {
}
