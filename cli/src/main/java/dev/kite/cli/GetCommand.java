package dev.kite.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kite get tasks|task|executions|execution}. */
@Command(name = "get", description = "Show tasks and executions",
        subcommands = {GetCommand.Tasks.class, GetCommand.Task.class, GetCommand.Executions.class, GetCommand.Execution.class})
final class GetCommand {

    static final List<Output.Column> TASK_COLUMNS = List.of(Output.Column.of("PROJECT", "id", "project"),
            Output.Column.of("DOMAIN", "id", "domain"), Output.Column.of("NAME", "id", "name"),
            Output.Column.of("VERSION", "id", "version"), Output.Column.of("TYPE", "type"),
            Output.Column.of("REGISTERED", "registeredAt"));

    static final List<Output.Column> EXECUTION_COLUMNS = List.of(Output.Column.of("ID", "id"),
            new Output.Column("TASK", e -> Output.text(e, "task", "project") + "/" + Output.text(e, "task", "domain") + "/"
                    + Output.text(e, "task", "name") + ":" + Output.text(e, "task", "version")),
            Output.Column.of("NAME", "name"), Output.Column.of("PHASE", "phase"),
            new Output.Column("ATTEMPTS", e -> String.valueOf(e.path("attempts").size())),
            Output.Column.of("CACHE", "cacheStatus"), Output.Column.of("CREATED", "createdAt"));

    abstract static class Listing extends Kite.Base {

        @Option(names = {"-p", "--project"}, required = true, description = "the project")
        String project;

        @Option(names = {"-d", "--domain"}, description = "only this domain")
        String domain;

        @Option(names = "--limit", description = "at most this many (one page)")
        Integer limit;

        @Option(names = "--cursor", description = "the nextCursor of the previous page")
        String cursor;

        String query() {
            StringBuilder q = new StringBuilder("?project=").append(ApiClient.q(project));
            if (domain != null) {
                q.append("&domain=").append(ApiClient.q(domain));
            }
            if (limit != null) {
                q.append("&limit=").append(limit);
            }
            if (cursor != null) {
                q.append("&cursor=").append(ApiClient.q(cursor));
            }
            return q.toString();
        }

        void page(JsonNode page, List<Output.Column> columns) {
            output().print(page, page.path("items"), columns);
            if (output().human() && page.hasNonNull("nextCursor")) {
                output().line("(more: --cursor " + page.get("nextCursor").asText() + ")");
            }
        }
    }

    @Command(name = "tasks", description = "List the tasks of a project")
    static final class Tasks extends Listing {
        @Override
        public Integer call() {
            page(api().get("/api/v1/tasks" + query()), TASK_COLUMNS);
            return Exit.OK;
        }
    }

    @Command(name = "task", description = "Show a task: one version (P/D/N:V), or its versions (P/D/N)")
    static final class Task extends Kite.Base {

        @Parameters(paramLabel = "PROJECT/DOMAIN/NAME[:VERSION]")
        String ref;

        @Override
        public Integer call() {
            TaskRef t = TaskRef.parse(ref);
            if (t.version() == null) {
                JsonNode page = api().get("/api/v1/tasks/" + t.path());
                output().print(page, page.path("items"), TASK_COLUMNS);
            } else {
                output().print(api().get("/api/v1/tasks/" + t.path() + "/" + ApiClient.q(t.version())), null, TASK_COLUMNS);
            }
            return Exit.OK;
        }
    }

    @Command(name = "executions", description = "List the executions of a project, newest first")
    static final class Executions extends Listing {

        @Option(names = "--phase", description = "only executions in this phase")
        String phase;

        @Option(names = "--name", description = "only executions of tasks of this name")
        String name;

        @Override
        public Integer call() {
            String q = query() + (phase == null ? "" : "&phase=" + ApiClient.q(phase)) + (name == null ? "" : "&name=" + ApiClient.q(name));
            page(api().get("/api/v1/executions" + q), EXECUTION_COLUMNS);
            return Exit.OK;
        }
    }

    @Command(name = "execution", description = "Show an execution, with its outputs or error")
    static final class Execution extends Kite.Base {

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            show(output(), api().get("/api/v1/executions/" + ApiClient.q(id)));
            return Exit.OK;
        }
    }

    /** An execution: its row, then (for people) its outputs or error. */
    static void show(Output out, JsonNode e) {
        out.print(e, null, EXECUTION_COLUMNS);
        if (!out.human()) {
            return;
        }
        if (e.hasNonNull("outputs")) {
            out.line("outputs:");
            e.get("outputs").fields().forEachRemaining(f -> out.line("  " + f.getKey() + ": " + f.getValue()));
        }
        if (e.hasNonNull("error")) {
            JsonNode err = e.get("error");
            out.line("error: " + Output.text(err, "kind") + " " + Output.text(err, "code") + ": " + Output.text(err, "message"));
        }
    }
}
