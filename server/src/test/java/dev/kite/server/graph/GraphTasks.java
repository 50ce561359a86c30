package dev.kite.server.graph;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.model.Graph;
import dev.kite.spi.KiteTask;

/** @KiteTask methods of the dynamic-task tests, in project {@value #PROJECT}. */
@ApplicationScoped
public class GraphTasks {

    public static final String PROJECT = "kite-graph";

    /** Calls of {@link #square} per input, to see that no child runs twice. */
    static final Map<Long, AtomicInteger> SQUARES = new ConcurrentHashMap<>();

    public record Total(long total) {
    }

    @KiteTask(project = PROJECT, name = "square", version = "v1")
    public long square(long x) {
        SQUARES.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
        return x * x;
    }

    @KiteTask(project = PROJECT, name = "sum", version = "v1")
    public long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /** Fans out over its list (a map of square), then reduces with sum. */
    @KiteTask(project = PROJECT, name = "sum-of-squares", version = "v1", outputs = Total.class)
    public Graph sumOfSquares(List<Long> numbers) {
        Graph.Builder g = Graph.builder();
        g.map("square", "square").over(g.input("numbers")).as("x");
        g.node("sum", "sum").input("values", g.output("square", "o0"));
        return g.output("total", g.output("sum", "o0")).build();
    }

    /** Binds a string to an integer input: a compile error. */
    @KiteTask(project = PROJECT, name = "mismatched", version = "v1", outputs = Total.class)
    public Graph mismatched(String word) {
        Graph.Builder g = Graph.builder();
        g.node("sq", "square").input("x", g.input("word"));
        return g.output("total", g.output("sq", "o0")).build();
    }

    @KiteTask(project = PROJECT, name = "nap", version = "v1")
    public long nap(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    /** Naps over its list: children that run long enough to be aborted. */
    @KiteTask(project = PROJECT, name = "naps", version = "v1", outputs = Total.class)
    public Graph naps(List<Long> millis) {
        Graph.Builder g = Graph.builder();
        g.map("nap", "nap").over(g.input("millis")).as("millis");
        g.node("sum", "sum").input("values", g.output("nap", "o0"));
        return g.output("total", g.output("sum", "o0")).build();
    }
}
