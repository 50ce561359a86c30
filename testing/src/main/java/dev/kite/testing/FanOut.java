package dev.kite.testing;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.model.Graph;
import dev.kite.model.TaskId;
import dev.kite.spi.KiteTask;

/** A dynamic task of the testing app: maps a task given by name over a list of integers, then sums the results. */
@ApplicationScoped
public class FanOut {

    public record Total(long total) {
    }

    @KiteTask(project = "kite-testing", name = "sum", version = "v1")
    public long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /** {@code task} (in {@code project}, domain development, inputs and outputs {@code n}) once per element of {@code values}. */
    @KiteTask(project = "kite-testing", name = "fan-out", version = "v1", outputs = Total.class)
    public Graph fanOut(String project, String task, List<Long> values) {
        Graph.Builder g = Graph.builder();
        g.map("each", new TaskId(project, "development", task, null)).over(g.input("values")).as("n");
        g.node("sum", "sum").input("values", g.output("each", "n"));
        return g.output("total", g.output("sum", "o0")).build();
    }
}
