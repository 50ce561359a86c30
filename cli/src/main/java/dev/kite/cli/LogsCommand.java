package dev.kite.cli;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kite logs ID [--attempt N] [-f]}: the container log of an attempt (the last one by default). */
@Command(name = "logs", description = "Print the log of an attempt of a container task")
final class LogsCommand extends Kite.Base {

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--attempt", paramLabel = "N", description = "the attempt (0-based; default: the last)")
    Integer attempt;

    @Option(names = {"-f", "--follow"}, description = "keep printing while the container writes")
    boolean follow;

    @Option(names = "--tail", paramLabel = "LINES", description = "start at the last LINES lines")
    Integer tail;

    @Override
    public Integer call() {
        int n = attempt != null ? attempt : last();
        String path = "/api/v1/executions/" + ApiClient.q(id) + "/attempts/" + n + "/logs?follow=" + follow
                + (tail == null ? "" : "&tailLines=" + tail);
        api().lines(path, kite().out::println);
        kite().out.flush();
        return Exit.OK;
    }

    private int last() {
        JsonNode attempts = api().get("/api/v1/executions/" + ApiClient.q(id)).path("attempts");
        if (attempts.isEmpty()) {
            throw new CliException(Exit.REFUSED, "execution " + id + " has no attempt yet");
        }
        return attempts.get(attempts.size() - 1).path("number").asInt(attempts.size() - 1);
    }
}
