package dev.kite.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

import dev.kite.cli.Kite;
import dev.kite.server.security.BootstrapKey;

/** Runs the {@code kite} command in-process against the test server, as a user's shell would. */
public final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run printed and its exit code. */
    public record Result(int code, String out, String err) {

        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON (exit " + code + ", err " + err + "): " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    /** The environment of a user who set KITE_SERVER and KITE_API_KEY, with {@code home} as HOME. */
    public static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("KITE_SERVER", "http://localhost:" + RestAssured.port);
        env.put("KITE_API_KEY", BootstrapKey.VALUE);
        env.put("HOME", home.toString());
        return env;
    }

    public static Result kite(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Kite.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    public static Result kite(String... args) {
        return kite(env(Path.of(System.getProperty("java.io.tmpdir"))), args);
    }
}
