package dev.kite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 of the test's own, on a free loopback port with its data in a temp folder, so
 * that a test may restart it. The shared PostgreSQL on 5432 is never touched. PostgreSQL refuses
 * to run as root: when the tests run as root, its commands run as the OS user {@code postgres}.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Path BIN = binaries();

    private final Thread stopOnExit = new Thread(this::stopServer, "stop-private-postgres");
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
    }

    /** Creates a cluster, starts it, and creates role kite/kite with its database {@code kite}. */
    static PrivatePostgres start() throws IOException {
        if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL is not installed in " + BIN + " (apt-get install postgresql)");
        }
        Path dir = Files.createTempDirectory("kite-pg-");
        PrivatePostgres pg = new PrivatePostgres(dir, KiteProcess.freePort());
        if (asRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        pg.pg("initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "-N");
        pg.startServer();
        // a PostgreSQL left running would outlive the build: stop it even when the test JVM ends early
        Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create role kite login password 'kite'");
            s.execute("create database kite owner kite");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the private PostgreSQL", e);
        }
        return pg;
    }

    /** PostgreSQL 15 (as on CI), else the newest installed Debian PostgreSQL. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root.resolve("15"))) {
            return root.resolve("15/bin");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin")).orElse(root.resolve("15/bin"));
        } catch (IOException e) {
            return root.resolve("15/bin");
        }
    }

    Database database() {
        return new Database(port, "kite", null);
    }

    /**
     * {@code pg_ctl stop -m fast}, an outage of {@code down}, then a start: every connection is
     * dropped, and nothing answers meanwhile. Returns once PostgreSQL accepts connections again.
     */
    void restart(Duration down) {
        pg("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop");
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        startServer();
    }

    private void startServer() {
        pg("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                "start");
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            stopServer();
        } finally {
            try {
                Path logs = Path.of(System.getProperty("kite.testing.logs", "target/kite-logs"));
                Files.createDirectories(logs);
                if (Files.exists(log)) {
                    Files.copy(log, logs.resolve("postgres-" + port + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (IOException e) {
                System.err.println("could not clean " + dir + ": " + e);
            }
        }
    }

    private void stopServer() {
        pg("pg_ctl", "-D", data.toString(), "-w", "-m", "immediate", "stop");
    }

    private void pg(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BIN.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command, asRoot());
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = command;
        if (asPostgres) {
            StringBuilder line = new StringBuilder();
            for (String part : command) {
                line.append('\'').append(part.replace("'", "'\\''")).append("' ");
            }
            full = List.of("su", "postgres", "-s", "/bin/sh", "-c", line.toString());
        }
        try {
            Path out = Files.createTempFile("kite-pg-cmd-", ".log");
            // a file, not a pipe: the postmaster inherits it and outlives this command
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
