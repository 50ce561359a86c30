package dev.kite.engine;

import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * One INFO line per execution that ends in this process: id, task, phase, duration, attempts and
 * cache status, e.g. {@code execution 0190… demo/development/hello/v1 ended SUCCEEDED in 412 ms
 * after 2 attempts (cache MISS)}. Off with {@code kite.observability.execution-end-log=false}
 * (or the logger {@code dev.kite.engine.ExecutionLog} at WARN).
 */
final class ExecutionLog {

    private static final Logger LOG = Logger.getLogger(ExecutionLog.class);

    private final boolean enabled;

    ExecutionLog(boolean enabled) {
        this.enabled = enabled;
    }

    void ended(Run run, Phase phase, Duration took) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.infof("execution %s %s ended %s in %d ms after %d attempt%s (cache %s)", run.id, run.task.id(), phase,
                took.toMillis(), run.attempts.size(), run.attempts.size() == 1 ? "" : "s", run.cacheStatus);
    }
}
