package dev.kite.data;

import java.nio.file.Path;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The data store of blob and dataset values, under {@code kite.storage.}. */
@ConfigMapping(prefix = "kite.storage")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface StorageConfig {

    /**
     * Where raw outputs go: a prefix URI ending in {@code /} of a configured store. Each attempt
     * writes under {@code <raw-output-root>raw/<project>/<domain>/<execution id>/<attempt>/}.
     * By default a folder under {@code kite.storage.local.root}.
     */
    java.util.Optional<String> rawOutputRoot();

    /** The local filesystem store. */
    Local local();

    interface Local {
        /**
         * The folder the local store keeps objects in, and the only one it serves: a
         * {@code file://} URI outside it is refused.
         */
        @WithDefault("${user.home}/.local/share/kite/data")
        Path root();
    }
}
