package dev.kite.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.quarkus.runtime.annotations.Recorder;

/** Hands what the build found about plugins to the running Kite. */
@Recorder
public class PluginRecorder {

    /**
     * The declared task types and resolved type arguments of every plugin class, for the
     * {@link DeclaredPlugins} bean.
     */
    public Supplier<DeclaredPlugins> declaredPlugins(Map<String, List<String>> taskTypesByClass,
            Map<String, List<String>> typeArgumentsByClass) {
        DeclaredPlugins declared = new DeclaredPlugins(taskTypesByClass, typeArgumentsByClass);
        return () -> declared;
    }
}
