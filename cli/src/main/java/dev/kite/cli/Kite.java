package dev.kite.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code kite}: Kite's command line (src/docs/cli.md). */
@Command(name = "kite", mixinStandardHelpOptions = true, version = "kite 0.1.0",
        description = "Register tasks, run and watch executions, read logs: Kite over its REST API.",
        subcommands = {RegisterCommand.class, GetCommand.class, RunCommand.class, WatchCommand.class, LogsCommand.class,
            AbortCommand.class, CacheCommand.class, PluginsCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (run --wait/--watch, watch: the execution succeeded)",
            "1:the execution ended without success (FAILED, TIMED_OUT, ABORTED)",
            "2:bad arguments or configuration", "3:the API refused the request (4xx: invalid, not found, conflict)",
            "4:not authenticated or not allowed (401, 403)", "5:the server is unreachable or failed (5xx)"})
public final class Kite {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Kite's address (default: KITE_SERVER, the context's server, http://127.0.0.1:8080)")
    String server;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "a context of the config file (KITE_CONFIG, else ~/.config/kite/config.yaml)")
    String context;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default), json or yaml")
    Output.Format format = Output.Format.table;

    Map<String, String> env = System.getenv();
    PrintWriter out;
    PrintWriter err;

    private ApiClient client;

    ApiClient client() {
        if (client == null) {
            client = new ApiClient(Settings.resolve(server, context, env));
        }
        return client;
    }

    Output output() {
        return new Output(out, format);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code kite args} with this environment and these streams; answers the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Kite kite = new Kite();
        kite.env = env;
        kite.out = out;
        kite.err = err;
        CommandLine cl = new CommandLine(kite).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof CliException c) {
                        err.println("error: " + c.getMessage());
                        c.details.forEach(d -> err.println("  " + d));
                        err.flush();
                        return c.code;
                    }
                    throw e;
                });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** What every command shares: the root's settings, client and output. */
    @Command
    abstract static class Base implements java.util.concurrent.Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Kite kite() {
            return (Kite) spec.root().userObject();
        }

        ApiClient api() {
            return kite().client();
        }

        Output output() {
            return kite().output();
        }
    }
}
