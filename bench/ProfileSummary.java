import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises an async-profiler CPU profile in collapsed form (recorded with {@code threads}, so
 * each stack starts with its thread) as a markdown table (a benchmark tool, not a test).
 *
 * <ul>
 * <li>{@code library}: CPU samples by the library of the innermost non-JDK Java frame of each
 * stack (JDK, native and kernel frames below it count for that library: a socket write is
 * Netty's, a HashMap lookup its caller's), and the JVM's own threads (JIT compiler, GC) apart.</li>
 * <li>{@code startup}: the main thread's samples by start-up step: the innermost Kite or
 * extension start-up observer, else the innermost recorded Quarkus build step, else class loading
 * and bootstrap; the other threads by kind.</li>
 * </ul>
 *
 * Usage: java ProfileSummary.java library|startup FILE.collapsed [ROWS]
 */
public class ProfileSummary {

    /** Package prefix → library, first match wins (more specific first). */
    private static final String[][] LIBRARIES = {
        {"dev/kite/", "Kite"},
        {"io/vertx/pgclient/", "Vert.x PostgreSQL client"}, {"io/vertx/sqlclient/", "Vert.x PostgreSQL client"},
        {"io/vertx/mutiny/sqlclient/", "Vert.x PostgreSQL client"},
        {"io/vertx/redis/", "Vert.x Redis client"}, {"io/vertx/mutiny/redis/", "Vert.x Redis client"},
        {"org/jboss/resteasy/reactive/", "Quarkus REST (RESTEasy Reactive)"},
        {"io/quarkus/resteasy/reactive/", "Quarkus REST (RESTEasy Reactive)"},
        {"io/quarkus/vertx/http/", "Quarkus HTTP"},
        {"io/vertx/ext/web/", "Vert.x Web"}, {"io/vertx/", "Vert.x core"},
        {"io/netty/", "Netty"},
        {"io/smallrye/mutiny/", "Mutiny"},
        {"io/smallrye/faulttolerance/", "SmallRye Fault Tolerance"},
        {"io/smallrye/", "SmallRye (other)"},
        {"io/quarkus/arc/", "ArC (CDI)"}, {"io/quarkus/", "Quarkus (other)"},
        {"com/fasterxml/jackson/", "Jackson"},
        {"io/micrometer/", "Micrometer"},
        {"io/opentelemetry/", "OpenTelemetry"},
        {"org/jboss/logging/", "JBoss Logging"}, {"org/jboss/logmanager/", "JBoss Logging"},
        {"org/flywaydb/", "Flyway"}, {"org/postgresql/", "PostgreSQL JDBC"}, {"io/agroal/", "Agroal"},
        {"io/fabric8/", "fabric8 Kubernetes client"}, {"software/amazon/", "AWS SDK"},
        {"java/", "JDK"}, {"javax/", "JDK"}, {"jdk/", "JDK"}, {"sun/", "JDK"}, {"com/sun/", "JDK"},
    };

    public static void main(String[] args) throws Exception {
        boolean startup = args[0].equals("startup");
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 14;
        Map<String, Long> buckets = new TreeMap<>();
        long total = 0;
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            buckets.merge(startup ? step(frames) : library(frames), n, Long::sum);
            total += n;
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(buckets.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> shown = new LinkedHashMap<>();
        long rest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < rows) {
                shown.put(sorted.get(i).getKey(), sorted.get(i).getValue());
            } else {
                rest += sorted.get(i).getValue();
            }
        }
        if (rest > 0) {
            shown.put("other", rest);
        }
        System.out.println(startup ? "| start-up step (thread) | CPU samples | share |" : "| library | CPU samples | share |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, Long> e : shown.entrySet()) {
            System.out.printf("| %s | %d | %.1f %% |%n", e.getKey(), e.getValue(), e.getValue() * 100.0 / Math.max(1, total));
        }
        System.out.printf("| **total** | %d | 100 %% |%n", total);
    }

    private static String thread(String[] frames) {
        String t = frames[0];
        return t.startsWith("[") ? t.replaceAll(" tid=\\d+\\]$", "]").replaceAll("\\d+", "N") : "";
    }

    private static String jvmThread(String t) {
        if (t.contains("CompilerThre")) {
            return "JVM: JIT compiler";
        }
        if (t.contains("VM Thread") || t.contains("GC") || t.equals("[tid=N]") || t.isEmpty()) {
            return "JVM: GC and VM operations";
        }
        return null;
    }

    static String library(String[] frames) {
        String jvm = jvmThread(thread(frames));
        if (jvm != null) {
            return jvm;
        }
        boolean jdk = false;
        for (int i = frames.length - 1; i > 0; i--) {
            String f = frames[i];
            if (f.indexOf('/') > 0 && !f.endsWith("_[k]") && !f.contains(".so") && Character.isJavaIdentifierStart(f.charAt(0))) {
                String lib = libraryOf(f);
                if (!lib.equals("JDK")) {
                    return lib;
                }
                jdk = true;
            }
        }
        return jdk ? "JDK" : "native (no Java frame)";
    }

    private static String libraryOf(String frame) {
        for (String[] lib : LIBRARIES) {
            if (frame.startsWith(lib[0])) {
                return lib[1];
            }
        }
        String[] parts = frame.split("/");
        return parts.length > 2 ? parts[0] + "." + parts[1] : frame;
    }

    static String step(String[] frames) {
        String t = thread(frames);
        String jvm = jvmThread(t);
        if (jvm != null) {
            return jvm;
        }
        if (!t.startsWith("[main")) {
            return "other threads " + t.replaceAll("-N\\]$", "]").replaceAll("^\\[(.*)\\]$", "($1)");
        }
        String recorded = null;
        for (int i = frames.length - 1; i > 0; i--) {
            String f = frames[i];
            int obs = f.indexOf("_Observer_");
            if (obs > 0) {
                String cls = f.substring(0, obs);
                return "observer " + cls.substring(cls.lastIndexOf('/') + 1) + "." + f.substring(obs + 10).replaceAll("_.*", "");
            }
            if (recorded == null && f.startsWith("io/quarkus/runner/recorded/")) {
                String s = f.substring("io/quarkus/runner/recorded/".length());
                recorded = "build step " + s.replaceAll("\\d+\\..*$", "").replace('$', '.');
            }
        }
        return recorded != null ? recorded + " (main)" : "class loading and bootstrap (main)";
    }
}
