package dev.kite.plugin.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Spark job in local mode in a child JVM: {@code java --add-opens ... -cp <spark>
 * org.apache.spark.deploy.SparkSubmit --master local[N] ...}, stdout and stderr into a log file,
 * waited for until a deadline, and killed with every process it started on timeout, abort or
 * interrupt.
 */
final class LocalSparkProcess {

    /** What Spark needs opened on Java 17 (else {@code IllegalAccessError ... sun.nio.ch.DirectBuffer}). */
    static final List<String> ADD_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
            "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs",
            "sun.security.action", "sun.util.calendar");
    /** The system property that marks a child JVM with its attempt's generated name. */
    static final String MARKER = "kite.attempt";
    static final String SUBMIT = "org.apache.spark.deploy.SparkSubmit";
    /** SparkSubmit's primary resource for a main class already on the classpath (Kite's SQL runner). */
    static final String INTERNAL = "spark-internal";

    /**
     * The launch of one job.
     *
     * @param java        the java executable
     * @param classpath   Spark's classpath and Kite's runner
     * @param heap        the child JVM's -Xmx (a JVM memory string)
     * @param javaOptions extra JVM options
     * @param attempt     the attempt's generated name (marks the process, names the application)
     * @param parallelism N of local[N]
     * @param conf        Spark properties
     * @param mainClass   the main class
     * @param resource    the application jar, or {@link #INTERNAL}
     * @param args        the application's arguments
     * @param env         extra environment variables
     */
    record Launch(String java, String classpath, String heap, List<String> javaOptions, String attempt, int parallelism,
            Map<String, String> conf, String mainClass, String resource, List<String> args, Map<String, String> env) {

        List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            ADD_OPENS.forEach(p -> cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
            cmd.add("-Xmx" + heap);
            cmd.add("-D" + MARKER + "=" + attempt);
            cmd.addAll(javaOptions);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(SUBMIT);
            cmd.add("--master");
            cmd.add("local[" + parallelism + "]");
            cmd.add("--name");
            cmd.add(attempt);
            new java.util.TreeMap<>(conf).forEach((k, v) -> {
                cmd.add("--conf");
                cmd.add(k + "=" + v);
            });
            if (mainClass != null) {
                cmd.add("--class");
                cmd.add(mainClass);
            }
            cmd.add(resource);
            cmd.addAll(args);
            return cmd;
        }
    }

    /** How a job ended: its exit code, or that it ran past its deadline (then killed). */
    record Ended(int exitCode, boolean timedOut) {
    }

    private LocalSparkProcess() {
    }

    /**
     * Runs the job to its end or its deadline; an interrupt (abort, the engine's timeout) kills it
     * and is passed on.
     */
    static Ended run(Launch launch, Path workDir, Path log, Instant deadline) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(launch.env());
        Process p = pb.start();
        try {
            long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Ended(-1, true);
            }
            return new Ended(p.exitValue(), false);
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        } finally {
            if (p.isAlive()) {
                kill(p);
            }
        }
    }

    /** Kills the process and everything it started, and waits (briefly) until they are gone. */
    static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // best effort: destroyForcibly sent SIGKILL
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last {@code chars} characters of the log, for an error message. */
    static String tail(Path log, int chars) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long bytes = Math.min(f.length(), 4L * chars);
            byte[] buf = new byte[(int) bytes];
            f.seek(f.length() - bytes);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            return text.length() <= chars && bytes == f.length() ? text
                    : "..." + text.substring(Math.max(0, text.length() - chars));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Whether the job died of a full heap (the local counterpart of an OOM kill). */
    static boolean outOfMemory(Path log) {
        return tail(log, 64 * 1024).contains("java.lang.OutOfMemoryError");
    }
}
