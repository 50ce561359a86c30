package dev.kite.store;

import java.util.List;
import java.util.Set;

/**
 * The migrations this build holds, as the build found them: each as {@code version|description|checksum},
 * the checksum Flyway's own. Empty when the build could not vouch for them (a location outside the
 * class path, a migration that is not a versioned SQL script): then Flyway always runs.
 */
public final class KnownMigrations {

    private final Set<String> entries;

    public KnownMigrations(List<String> entries) {
        this.entries = Set.copyOf(entries);
    }

    /** The entries, in no order. */
    public Set<String> entries() {
        return entries;
    }

    /** One entry, in the form the build writes and the history is compared in. */
    public static String entry(String version, String description, int checksum) {
        return version + '|' + description + '|' + checksum;
    }
}
