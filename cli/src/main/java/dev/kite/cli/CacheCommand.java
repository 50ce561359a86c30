package dev.kite.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kite cache evict}: removes cached outputs of a task, or one entry by key (needs admin of the project). */
@Command(name = "cache", description = "Manage the output cache", subcommands = CacheCommand.Evict.class)
final class CacheCommand {

    @Command(name = "evict", description = "Evict the cached outputs of a task (all versions or --cache-version), or one --key")
    static final class Evict extends Kite.Base {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @picocli.CommandLine.Parameters(paramLabel = "PROJECT/DOMAIN/NAME", description = "the task")
            String task;

            @Option(names = "--key", description = "one cache key (an execution's cacheKey)")
            String key;
        }

        @Option(names = "--cache-version", description = "only the entries of this cache version")
        String cacheVersion;

        @Override
        public Integer call() {
            JsonNode r;
            if (target.key != null) {
                r = api().delete("/api/v1/cache/keys/" + ApiClient.q(target.key));
            } else {
                TaskRef t = TaskRef.parse(target.task);
                r = api().delete("/api/v1/cache/" + t.path() + (cacheVersion == null ? "" : "?cacheVersion=" + ApiClient.q(cacheVersion)));
            }
            output().print(r, null, List.of(Output.Column.of("REMOVED", "removed")));
            return Exit.OK;
        }
    }
}
