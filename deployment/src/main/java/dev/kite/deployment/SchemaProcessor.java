package dev.kite.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.jboss.logging.Logger;

import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

import dev.kite.store.KnownMigrations;
import dev.kite.store.MigrationsRecorder;

/**
 * Finds the migrations the build holds (Flyway's versioned SQL scripts under
 * {@code quarkus.flyway.locations}) and computes each one's checksum with Flyway's own calculator,
 * so that the running Kite can tell from one query whether Flyway has anything to do.
 */
class SchemaProcessor {

    private static final Logger LOG = Logger.getLogger(SchemaProcessor.class);

    /** Flyway's default naming: V, a version, two underscores, a description, .sql. */
    private static final Pattern VERSIONED = Pattern.compile("V([^_]+(?:_[^_]+)*?)__(.+)\\.sql");

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem knownMigrations(MigrationsRecorder recorder) {
        List<String> locations = ConfigProvider.getConfig().getOptionalValues("quarkus.flyway.locations", String.class)
                .orElse(List.of("db/migration"));
        List<String> entries = new ArrayList<>();
        try {
            for (String location : locations) {
                if (!collect(location, entries)) {
                    LOG.infof("migrations at %s are not all versioned SQL scripts on the class path: Flyway runs at every start",
                            location);
                    entries.clear();
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations", e);
        }
        return SyntheticBeanBuildItem.configure(KnownMigrations.class).scope(Singleton.class).unremovable()
                .runtimeValue(recorder.known(entries)).done();
    }

    /** Adds the location's migrations; false when one of its files is not a versioned SQL script. */
    private static boolean collect(String location, List<String> entries) throws IOException {
        if (location.contains(":") && !location.startsWith("classpath:")) {
            return false;
        }
        String path = location.replaceFirst("^classpath:", "").replaceAll("^/+|/+$", "");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<String> names = new ArrayList<>();
        for (Enumeration<URL> urls = loader.getResources(path); urls.hasMoreElements();) {
            if (!list(urls.nextElement(), path, names)) {
                return false;
            }
        }
        for (String name : names) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            Matcher m = VERSIONED.matcher(file);
            if (!m.matches()) {
                return false;
            }
            String script;
            try (InputStream in = loader.getResourceAsStream(name)) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String version;
            try {
                version = MigrationVersion.fromVersion(m.group(1)).getVersion();
            } catch (FlywayException e) {
                return false; // Flyway reports it at run time
            }
            entries.add(KnownMigrations.entry(version, m.group(2).replace('_', ' '),
                    ChecksumCalculator.calculate(new StringResource(script))));
        }
        return true;
    }

    /**
     * Adds the resource names of the files under {@code path} at {@code url} (a directory or a jar's
     * folder); false for any other kind of location.
     */
    private static boolean list(URL url, String path, List<String> names) throws IOException {
        if ("jar".equals(url.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    JarEntry entry = e.nextElement();
                    if (!entry.isDirectory() && entry.getName().startsWith(path + "/")) {
                        names.add(entry.getName());
                    }
                }
            }
            return true;
        }
        if (!"file".equals(url.getProtocol())) {
            return false;
        }
        Path dir;
        try {
            dir = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(url + " is not a path", e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> names.add(path + "/" + dir.relativize(f).toString().replace('\\', '/')));
        }
        return true;
    }
}
