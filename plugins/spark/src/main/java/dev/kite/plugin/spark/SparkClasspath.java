package dev.kite.plugin.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kite.spark.local.classpath} read into one classpath string: each entry a jar, a folder's
 * jars ({@code dir/*}, expanded by {@code java} itself) or {@code @file} (a file holding a
 * classpath, as {@code mvn dependency:build-classpath} writes it).
 */
final class SparkClasspath {

    private SparkClasspath() {
    }

    static String resolve(List<String> entries) {
        List<String> parts = new ArrayList<>();
        for (String e : entries) {
            String entry = e.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("@")) {
                Path file = Path.of(entry.substring(1)).toAbsolutePath().normalize();
                try {
                    parts.add(Files.readString(file, StandardCharsets.UTF_8).strip());
                } catch (IOException ex) {
                    throw new IllegalStateException("kite.spark.local.classpath: " + file.toAbsolutePath()
                            + " cannot be read (" + ex + "); build plugins/spark-runner to write it");
                }
            } else {
                boolean folder = entry.endsWith("/*");
                Path plain = Path.of(folder ? entry.substring(0, entry.length() - 2) : entry).toAbsolutePath().normalize();
                if (!Files.exists(plain)) {
                    throw new IllegalStateException("kite.spark.local.classpath: " + plain + " does not exist");
                }
                // absolute: the child JVM runs in a folder of its own
                parts.add(plain + (folder ? File.separator + "*" : ""));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("kite.spark.local.classpath is empty");
        }
        return String.join(File.pathSeparator, parts);
    }
}
