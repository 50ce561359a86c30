package dev.kite.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.quarkus.runtime.annotations.Recorder;

/**
 * Widens the AppCDS archive the package build writes. That build runs the application with
 * {@code -Dquarkus.appcds.generate=true}, which stops after static init, so the archive only holds
 * the classes loaded until then. In that run (and only then) this loads and links, without
 * initialising them, the classes a real start and its first requests load, listed by a training run in
 * {@link #CLASS_LIST}; they are archived with the rest. No database or network is needed to build
 * the archive, so the container build makes the same one. A name that no longer loads is skipped:
 * a stale list costs start-up time, never correctness.
 */
@Recorder
public class AppCdsRecorder {

    /** One binary class name a line, sorted ({@code bench/appcds-classes.sh}); {@code #} starts a comment line. */
    public static final String CLASS_LIST = "META-INF/kite/appcds-classes.txt";

    /** Loads the listed classes when the JVM is writing the archive; does nothing otherwise. */
    public void loadListedClasses() {
        if (!Boolean.getBoolean("quarkus.appcds.generate")) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(CLASS_LIST)) {
            if (in == null) {
                return;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String name = lines.readLine(); name != null; name = lines.readLine()) {
                load(name.strip(), loader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASS_LIST, e);
        }
    }

    private static void load(String name, ClassLoader loader) {
        if (name.isEmpty() || name.startsWith("#")) {
            return;
        }
        try {
            // reflection links the class (verifies it) without initialising it: the archive
            // only takes linked classes of the application's class loader
            Class.forName(name, false, loader).getDeclaredConstructors();
        } catch (ClassNotFoundException | LinkageError e) {
            // renamed, removed or not loadable here (an optional dependency): not archived
        }
    }
}
