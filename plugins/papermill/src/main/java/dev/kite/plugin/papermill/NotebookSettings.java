package dev.kite.plugin.papermill;

import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code notebook} task type, under {@code kite.notebook.}. Read at run time. */
@ConfigMapping(prefix = "kite.notebook")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface NotebookSettings {

    /**
     * The Python that runs notebooks: it must import {@code nbclient}, {@code nbformat} and
     * {@code nbconvert} (Debian: {@code python3-nbclient jupyter-nbconvert}). An absolute path, so
     * that another Python first on {@code PATH} (pyenv, a virtualenv) is not picked by accident.
     * The start-up check imports the modules with it; failing that, the plugin is unhealthy.
     */
    @WithDefault("/usr/bin/python3")
    String python();

    /**
     * The folder under which each attempt gets a working folder (the parameterized notebook, the
     * downloaded inputs, the executor's files); default {@code <java.io.tmpdir>/kite-notebooks}.
     * Deleted when the attempt ends, once the executed notebook is stored.
     */
    Optional<String> workDir();
}
