package dev.kite.examples;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.spi.KiteTask;

/**
 * Example task {@code examples/development/noop/v1}: no inputs, no outputs, returns at once.
 * What is left of an execution's cost is Kite's own, which is what a benchmark measures. It
 * neither blocks nor waits, so it runs where its attempt starts, without a worker thread.
 */
@ApplicationScoped
public class Noop {

    @KiteTask(project = "examples", domain = "development", name = "noop", version = "v1", blocking = false)
    public void noop() {
        // nothing: the point of this task
    }
}
