package dev.kite.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code kite completion}: the bash (and zsh) completion script. */
@Command(name = "completion", description = "Print the shell completion script: source <(kite completion)")
final class CompletionCommand extends Kite.Base {

    @Override
    public Integer call() {
        kite().out.print(AutoComplete.bash("kite", spec.root().commandLine()));
        kite().out.flush();
        return Exit.OK;
    }
}
