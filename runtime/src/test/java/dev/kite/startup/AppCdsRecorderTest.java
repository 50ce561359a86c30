package dev.kite.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The archive build's loading of the listed classes, and that nothing else ever loads them. */
class AppCdsRecorderTest {

    static final String INITIALISED = "kite.test.appcds.listed-initialised";

    /** Listed for the archive: loading it must not run this. */
    static class Listed {
        static {
            System.setProperty(INITIALISED, "true");
        }
    }

    /** A class loader that serves a class list and records what is asked of it. */
    static class Recording extends ClassLoader {
        final List<String> asked = new ArrayList<>();
        final String list;

        Recording(String list) {
            super(AppCdsRecorderTest.class.getClassLoader());
            this.list = list;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.equals(AppCdsRecorder.CLASS_LIST) ? new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)) : null;
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty("quarkus.appcds.generate");
        System.clearProperty(INITIALISED);
    }

    @Test
    void writingTheArchiveLoadsTheListedClassesWithoutInitialisingThem() {
        System.setProperty("quarkus.appcds.generate", "true");
        String listed = Listed.class.getName();
        Recording loader = run(new Recording("# a comment\n" + listed + "\n\ndev.kite.RenamedLongAgo\n  java.util.zip.CRC32C  \n"));
        assertEquals(List.of(listed, "dev.kite.RenamedLongAgo", "java.util.zip.CRC32C"), loader.asked.subList(0, 3),
                "every listed name asked for, in order, a stale one skipped without an error, blanks and comments ignored");
        assertNull(System.getProperty(INITIALISED), "the listed class is loaded, not initialised");
    }

    @Test
    void aNormalStartLoadsNothing() {
        Recording loader = run(new Recording(Listed.class.getName() + "\n"));
        assertTrue(loader.asked.isEmpty(), "asked for " + loader.asked);
    }

    private static Recording run(Recording loader) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            new AppCdsRecorder().loadListedClasses();
        } finally {
            thread.setContextClassLoader(before);
        }
        return loader;
    }
}
