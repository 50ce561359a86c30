package dev.kite.cli;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kite abort ID}: aborts an execution (idempotent) and shows it afterwards. */
@Command(name = "abort", description = "Abort an execution")
final class AbortCommand extends Kite.Base {

    @Parameters(paramLabel = "ID", description = "the execution")
    String id;

    @Override
    public Integer call() {
        JsonNode e = api().post("/api/v1/executions/" + ApiClient.q(id) + "/abort", null);
        output().print(e, null, GetCommand.EXECUTION_COLUMNS);
        return Exit.OK;
    }
}
