package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The rooms of the engine form floors: no class of {@code dev.kite.engine} depends, directly or
 * through others, on a class that depends on it, and the memoizer never depends on the engine's
 * drivers. Read from the compiled classes with {@code jdeps} (nested classes count as their
 * top-level class).
 */
class NoCycleBetweenEngineClassesTest {

    private static final String PACKAGE = "dev.kite.engine.";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");

    private static Map<String, Set<String>> read;

    private static synchronized Map<String, Set<String>> dependencies() {
        if (read == null) {
            read = readDependencies();
        }
        return read;
    }

    private static Map<String, Set<String>> readDependencies() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), "compiled classes at " + classes.toAbsolutePath());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:class", "-filter:none",
                classes.toString());
        assertEquals(0, rc, "jdeps ran");
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                String from = topLevel(m.group(1));
                String to = topLevel(m.group(2));
                if (from != null && to != null && !from.equals(to)) {
                    edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        return edges;
    }

    /** The engine class's simple top-level name, or null outside the package. */
    private static String topLevel(String className) {
        if (!className.startsWith(PACKAGE) || className.indexOf('.', PACKAGE.length()) >= 0) {
            return null;
        }
        String simple = className.substring(PACKAGE.length());
        int nested = simple.indexOf('$');
        return nested < 0 ? simple : simple.substring(0, nested);
    }

    @Test
    void noClassReachesItself() {
        Map<String, Set<String>> edges = dependencies();
        assertTrue(edges.size() > 20, "the engine's classes were read: " + edges.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.add(List.of(start));
            Set<String> seen = new HashSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.poll();
                for (String next : edges.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    if (next.equals(start)) {
                        cycles.add(String.join(" → ", path) + " → " + start);
                    } else if (seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        paths.add(longer);
                    }
                }
            }
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void theMemoizerAnswersDecisionsAndNeverReachesTheEngine() {
        Map<String, Set<String>> edges = dependencies();
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("Memoizer"));
        while (!todo.isEmpty()) {
            for (String next : edges.getOrDefault(todo.poll(), Set.of())) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        for (String room : List.of("Engine", "EngineCore", "Conductor", "Attempts", "Finishing", "Ownership", "Submission")) {
            assertFalse(reached.contains(room), "Memoizer reaches " + room + ": " + reached);
        }
        Map<String, Set<String>> byName = new HashMap<>(edges);
        assertTrue(byName.get("Conductor").contains("Memoizer"), "the conductor asks the memoizer");
    }
}
