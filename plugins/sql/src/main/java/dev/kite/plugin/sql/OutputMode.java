package dev.kite.plugin.sql;

import java.util.Arrays;
import java.util.Optional;

/** What a {@code sql} task makes of its last statement's result. */
enum OutputMode {
    NONE("none"), FIRST_ROW("first-row"), ROWS("rows"), DATASET("dataset");

    private final String wire;

    OutputMode(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    static Optional<OutputMode> of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst();
    }
}
