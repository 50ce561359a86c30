package dev.kite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the server is and which key to send, from (first wins): {@code --server}, the
 * {@code KITE_SERVER} and {@code KITE_API_KEY} variables, the context of the config file
 * ({@code --context}, else its {@code current-context}), else {@code http://127.0.0.1:8080}
 * without a key. The config file is {@code KITE_CONFIG}, else {@code ~/.config/kite/config.yaml}:
 *
 * <pre>
 * current-context: local
 * contexts:
 *   local: {server: http://127.0.0.1:8080, api-key: kite_...}
 *   prod:  {server: https://kite.example.com, api-key-file: ~/.kite/prod-key}
 * </pre>
 */
record Settings(String server, String apiKey, String context) {

    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    static Settings resolve(String serverFlag, String contextFlag, Map<String, String> env) {
        JsonNode ctx = context(env, contextFlag);
        String server = first(serverFlag, env.get("KITE_SERVER"), text(ctx, "server"), DEFAULT_SERVER);
        String key = first(env.get("KITE_API_KEY"), text(ctx, "api-key"), keyFile(text(ctx, "api-key-file"), env));
        String name = ctx == null ? null : contextName(env, contextFlag);
        return new Settings(server.endsWith("/") ? server.substring(0, server.length() - 1) : server, key, name);
    }

    static Path configFile(Map<String, String> env) {
        String explicit = env.get("KITE_CONFIG");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "kite", "config.yaml");
    }

    private static String contextName(Map<String, String> env, String flag) {
        if (flag != null) {
            return flag;
        }
        JsonNode file = read(configFile(env));
        return file == null ? null : text(file, "current-context");
    }

    private static JsonNode context(Map<String, String> env, String flag) {
        Path file = configFile(env);
        JsonNode config = read(file);
        String name = flag != null ? flag : config == null ? null : text(config, "current-context");
        if (name == null) {
            return null;
        }
        JsonNode ctx = config == null ? null : config.path("contexts").get(name);
        if (ctx == null || !ctx.isObject()) {
            throw new CliException(Exit.USAGE, "no context '" + name + "' in " + file);
        }
        return ctx;
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Output.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String keyFile(String path, Map<String, String> env) {
        if (path == null) {
            return null;
        }
        String p = path.startsWith("~/") ? env.getOrDefault("HOME", System.getProperty("user.home")) + path.substring(1) : path;
        try {
            return Files.readString(Path.of(p)).strip();
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot read the api-key-file " + p + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
