package dev.kite.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link AuthenticationFilter} before any resource runs. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    Caller get() {
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
