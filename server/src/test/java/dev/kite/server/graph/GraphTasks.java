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

    /** Calls of {@link #cachedSquare} per input: a cache hit calls nothing. */
    static final Map<Long, AtomicInteger> CACHED_SQUARES = new ConcurrentHashMap<>();

    @KiteTask(project = PROJECT, name = "cached-square", version = "v1", cache = @KiteTask.Cache(version = "1"))
    public long cachedSquare(long x) {
        CACHED_SQUARES.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
        return x * x;
    }

    /** {@link #sumOfSquares} over a memoized square. */
    @KiteTask(project = PROJECT, name = "sum-of-cached-squares", version = "v1", outputs = Total.class)
    public Graph sumOfCachedSquares(List<Long> numbers) {
        return squaresThenSum("cached-square");
    }

    @KiteTask(project = PROJECT, name = "sum", version = "v1")
    public long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /** Fans out over its list (a map of square), then reduces with sum. */
    @KiteTask(project = PROJECT, name = "sum-of-squares", version = "v1", outputs = Total.class)
    public Graph sumOfSquares(List<Long> numbers) {
        return squaresThenSum("square");
    }

    /** A map of the square task over the input "numbers", then sum. */
    private static Graph squaresThenSum(String squareTask) {
        Graph.Builder g = Graph.builder();
        g.map("square", squareTask).over(g.input("numbers")).as("x");
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
