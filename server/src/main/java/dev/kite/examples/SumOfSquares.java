package dev.kite.examples;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.model.Graph;
import dev.kite.spi.KiteTask;

/**
 * Example dynamic task {@code examples/development/sum-of-squares/v1}: it fans out over its list
 * (one {@code square} child per element, a map) and reduces the squares with a {@code sum} child.
 * Each child is an execution of its own, listed under the parent by
 * {@code GET /api/v1/executions/{id}/nodes}.
 */
@ApplicationScoped
public class SumOfSquares {

    /** The outputs of the dynamic task. */
    public record Total(long total) {
    }

    @KiteTask(project = "examples", domain = "development", name = "square", version = "v1")
    public long square(long x) {
        return x * x;
    }

    @KiteTask(project = "examples", domain = "development", name = "sum", version = "v1")
    public long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    @KiteTask(project = "examples", domain = "development", name = "sum-of-squares", version = "v1", outputs = Total.class)
    public Graph sumOfSquares(List<Long> numbers) {
        Graph.Builder g = Graph.builder();
        g.map("square", "square").over(g.input("numbers")).as("x");
        g.node("sum", "sum").input("values", g.output("square", "o0"));
        return g.output("total", g.output("sum", "o0")).build();
    }
}
