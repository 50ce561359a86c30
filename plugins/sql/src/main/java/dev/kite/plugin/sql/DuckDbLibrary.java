package dev.kite.plugin.sql;

import java.util.Locale;

import org.duckdb.DuckDBDriver;

/**
 * Whether the DuckDB driver jar holds a native library for this platform, found without loading
 * it: loading unpacks tens of MiB and maps them into the process, so the plugin's start-up check
 * asks only this, and DuckDB loads on its first connection (a failure to load is then the
 * plugin's health). The resource names are the driver's own ({@code DuckDBNative}):
 * {@code libduckdb_java.so_<os>_<arch>}.
 */
final class DuckDbLibrary {

    private DuckDbLibrary() {
    }

    /** The driver's native library for this platform, as a resource of its jar. */
    static String resourceName() {
        return "/libduckdb_java.so_" + os(System.getProperty("os.name")) + "_" + arch(System.getProperty("os.arch"));
    }

    /** True when the driver jar holds the library {@link #resourceName()} names (the class is not initialised). */
    static boolean packaged() {
        return DuckDBDriver.class.getResource(resourceName()) != null;
    }

    static String os(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.startsWith("windows")) {
            return "windows";
        }
        if (n.startsWith("mac")) {
            return "macos";
        }
        if (n.startsWith("linux")) {
            return "linux";
        }
        return n.replaceAll("[^a-z0-9_\\-.]", "");
    }

    static String arch(String name) {
        String a = name.toLowerCase(Locale.ROOT).trim();
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a.replaceAll("[^a-z0-9_\\-.]", "");
        };
    }
}
