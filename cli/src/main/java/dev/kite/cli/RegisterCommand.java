package dev.kite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kite register -f task.yaml|task.json|dir}: registers task templates. A directory means
 * every {@code .yaml}, {@code .yml} and {@code .json} file in it (and below), in name order; a
 * YAML file may hold several templates as documents separated by {@code ---}.
 */
@Command(name = "register", description = "Register task templates from files (YAML or JSON) or a directory of them")
final class RegisterCommand extends Kite.Base {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH", description = "a template file or a directory")
    List<Path> paths;

    @Override
    public Integer call() throws IOException {
        ArrayNode registered = Output.JSON.createArrayNode();
        for (Path file : files()) {
            for (JsonNode template : templates(file)) {
                registered.add(api().post("/api/v1/tasks", template));
            }
        }
        output().print(registered, null, List.of(Output.Column.of("PROJECT", "id", "project"), Output.Column.of("DOMAIN", "id", "domain"),
                Output.Column.of("NAME", "id", "name"), Output.Column.of("VERSION", "id", "version"), Output.Column.of("TYPE", "type"),
                Output.Column.of("DIGEST", "digest")));
        return Exit.OK;
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(RegisterCommand::template).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new CliException(Exit.USAGE, "no file or directory " + p);
            }
        }
        if (out.isEmpty()) {
            throw new CliException(Exit.USAGE, "no .yaml, .yml or .json file in " + paths);
        }
        return out;
    }

    private static boolean template(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static List<JsonNode> templates(Path file) {
        boolean json = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        try (MappingIterator<JsonNode> docs = (json ? Output.JSON : Output.YAML).readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    out.add(d);
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CliException(Exit.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
