package dev.kite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kite watch ID}: the execution live, to its end; the exit code says whether it succeeded. */
@Command(name = "watch", description = "Follow an execution live to its end (exit code 0 when it succeeded, 1 otherwise)")
final class WatchCommand extends Kite.Base {

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        return Watcher.watch(api(), output(), id);
    }
}
