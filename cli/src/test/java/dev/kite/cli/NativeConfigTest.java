package dev.kite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A native image of the CLI can only build commands whose reflection is registered: the
 * reflect-config.json that picocli's annotation processor writes at compile time must name every
 * command class (and argument group) of {@code kite}, with every annotated field.
 */
class NativeConfigTest {

    private static final String CONFIG = "META-INF/native-image/picocli-generated/dev.kite/kite-cli/reflect-config.json";

    @Test
    void everyCommandAndItsFieldsAreRegisteredForReflection() throws Exception {
        Map<String, Set<String>> registered = new HashMap<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertNotNull(in, CONFIG + " (written by picocli-codegen)");
            for (JsonNode type : Output.JSON.readTree(in)) {
                Set<String> fields = new HashSet<>();
                type.path("fields").forEach(f -> fields.add(f.path("name").asText()));
                registered.put(type.path("name").asText(), fields);
            }
        }
        int commands = check(new CommandLine(new Kite()).getCommandSpec(), registered);
        assertEquals(15, commands, "kite and its (sub)commands");
    }

    private static int check(CommandSpec spec, Map<String, Set<String>> registered) {
        Class<?> type = spec.userObject() == null ? null : spec.userObject().getClass();
        int n = 0;
        if (type != null && type.getName().startsWith("dev.kite.cli.")) {
            n++;
            assertTrue(registered.containsKey(type.getName()), type.getName() + " registered for reflection");
            // the options and parameters, those of argument groups included, by their fields
            for (ArgSpec arg : spec.args()) {
                checkArg(arg, registered);
            }
        }
        for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
            n += check(sub.getCommandSpec(), registered);
        }
        return n;
    }

    private static void checkArg(ArgSpec arg, Map<String, Set<String>> registered) {
        if (!(arg.userObject() instanceof java.lang.reflect.Field field)) {
            return;
        }
        String owner = field.getDeclaringClass().getName();
        if (!owner.startsWith("dev.kite.cli.")) {
            return;
        }
        assertTrue(registered.getOrDefault(owner, Set.of()).contains(field.getName()),
                owner + "." + field.getName() + " registered for reflection");
    }

}
