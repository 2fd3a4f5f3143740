package io.arbiter.demo;

/** How the demo's users log in; the login page lists them in demo mode. */
public final class DemoLogin {

    /** Every demo user's password. */
    public static final String PASSWORD = "demo";

    private DemoLogin() {
    }
}
