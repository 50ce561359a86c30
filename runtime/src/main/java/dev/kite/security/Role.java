package dev.kite.security;

import java.util.Locale;

/** A role in a project; each includes the rights of the ones before it. */
public enum Role {
    /** Reads tasks, executions, events, logs and data. */
    VIEWER,
    /** Registers tasks, submits and aborts executions. */
    SUBMITTER,
    /** Evicts cache entries, manages API keys, reads the audit trail. */
    ADMIN;

    /** True when this role has every right of {@code other}. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (lower case), or null. */
    static Role parse(String text) {
        for (Role r : values()) {
            if (r.label().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
