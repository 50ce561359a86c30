package dev.kite.plugin.papermill;

import java.time.Duration;
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

    /**
     * Where notebooks run: {@code local} (default: a child process of Kite, plugin {@code notebook})
     * or {@code kubernetes} (a pod per attempt, plugin {@code notebook-pod}). Each plugin's start-up
     * check fails in the other mode, so the healthy one serves the type.
     */
    @WithDefault("local")
    Mode mode();

    /**
     * What runs the notebook: {@code auto} (default: papermill where the Python imports it, a
     * user's image say, else nbclient), {@code nbclient}, or {@code papermill} (a SYSTEM error
     * {@code NOTEBOOK_NO_PAPERMILL} where it is missing). A task's {@code config.executor} wins.
     * Either way Kite injects the parameters itself.
     */
    @WithDefault("auto")
    String executor();

    /** The executor of a task: its own choice, else {@link #executor()}. */
    default String executorFor(NotebookConfig config) {
        return config.executor() != null ? config.executor() : executor();
    }

    /** The choice of {@link #mode()}. */
    enum Mode { LOCAL, KUBERNETES }

    /** The pod mode's settings. */
    Pod pod();

    /** Settings of notebooks run as pods ({@code kite.notebook.pod.*}). */
    interface Pod {

        /** The Python in the task's image that runs the executor (it must import nbclient, nbformat, nbconvert). */
        @WithDefault("python3")
        String python();

        /** A pod template (YAML file) merged under every notebook pod, as {@code kite.container.pod-template}. */
        Optional<String> template();

        /** The service account of pods whose task names none. */
        Optional<String> defaultServiceAccount();

        /** How long an image may fail to pull before the attempt fails. */
        @WithDefault("3m")
        Duration imagePullGrace();

        /** How long a pod may stay pending (unschedulable) before the attempt fails. */
        @WithDefault("10m")
        Duration pendingTimeout();
    }
}
