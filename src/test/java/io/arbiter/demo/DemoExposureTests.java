package io.arbiter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A demo whose known passwords the network can reach is announced; one on loopback is not. */
class DemoExposureTests {

    @Test
    void warnsWhenTheDemoListensBeyondLoopback() {
        assertThat(DemoExposure.warning("")).hasValueSatisfying(warning -> assertThat(warning)
                .contains("DEMO MODE ON every network interface").contains("'demo'")
                .contains("First start in production"));
        assertThat(DemoExposure.warning(null)).isPresent();
        assertThat(DemoExposure.warning("0.0.0.0")).isPresent();
        assertThat(DemoExposure.warning("192.168.1.20")).hasValueSatisfying(warning ->
                assertThat(warning).contains("DEMO MODE ON 192.168.1.20"));
    }

    @Test
    void staysQuietOnLoopback() {
        assertThat(DemoExposure.warning("127.0.0.1")).isEmpty();
        assertThat(DemoExposure.warning("::1")).isEmpty();
        assertThat(DemoExposure.warning("localhost")).isEmpty();
    }
}
