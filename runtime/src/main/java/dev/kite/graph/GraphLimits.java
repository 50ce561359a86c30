package dev.kite.graph;

import dev.kite.config.KiteConfig;

/**
 * The bounds a graph is compiled and run within ({@code kite.graph.*}).
 *
 * @param maxNodes    nodes in one graph
 * @param maxChildren child executions of one parent, each map element counted
 * @param maxDepth    how deep dynamic nodes nest (a root's graph is at depth 1)
 * @param maxSpecBytes size of a graph spec as canonical JSON
 * @param maxParallel children of one parent running at once
 */
public record GraphLimits(int maxNodes, int maxChildren, int maxDepth, int maxSpecBytes, int maxParallel) {

    public static GraphLimits of(KiteConfig.Graph c) {
        return new GraphLimits(c.maxNodes(), c.maxChildren(), c.maxDepth(), c.maxSpecBytes(), c.maxParallel());
    }
}
