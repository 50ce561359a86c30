package dev.kite.config;

import java.util.Map;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;

/**
 * The part of Kite's configuration that the build reads: it decides which plugins the build
 * accepts. Set these properties in {@code application.properties} (or as system properties of
 * the build); changing them needs a rebuild.
 */
@ConfigMapping(prefix = "kite.build")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface KiteBuildConfig {

    /** Plugin selection. */
    Plugins plugins();

    interface Plugins {
        /**
         * Which plugin serves a task type that several plugins claim: task type → plugin name
         * (the plugin's {@code name()}), e.g. {@code kite.build.plugins.default-for."sql"=duckdb}.
         * A task type claimed by two plugins found at build time and not listed here fails the
         * build; a listed plugin that does not claim the type fails the start-up.
         */
        Map<String, String> defaultFor();
    }
}
