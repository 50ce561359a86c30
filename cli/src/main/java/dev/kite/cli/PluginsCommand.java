package dev.kite.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code kite plugins}: the task types this Kite runs, and their health (needs the operator role). */
@Command(name = "plugins", description = "List the plugins: task types, shape, health")
final class PluginsCommand extends Kite.Base {

    @Override
    public Integer call() {
        JsonNode plugins = api().get("/api/v1/plugins");
        output().print(plugins, null, List.of(Output.Column.of("NAME", "name"), Output.Column.of("TYPES", "taskTypes"),
                Output.Column.of("SHAPE", "shape"), Output.Column.of("HEALTHY", "healthy"), Output.Column.of("PROBLEM", "problem")));
        return Exit.OK;
    }
}
