package io.arbiter.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@code ApiTest} context whose webhooks may go to receivers on this machine, with a recorder of disabled
 * endpoints. One annotation, so that the classes that add endpoints on this machine ({@code WebhookApiTests}, the
 * admin pages' walk) share one context per database, where their own properties booted one each.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = "arbiter.outbound.allowed-hosts=127.0.0.1,localhost")
@Import(WebhookTestConfiguration.class)
public @interface LoopbackWebhooks {
}
