package dev.kite.store;

import java.util.List;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Hands the migrations found at build time to the running Kite. */
@Recorder
public class MigrationsRecorder {

    public RuntimeValue<KnownMigrations> known(List<String> entries) {
        return new RuntimeValue<>(new KnownMigrations(entries));
    }
}
