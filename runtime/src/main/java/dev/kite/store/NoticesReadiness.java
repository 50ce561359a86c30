package dev.kite.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The process's {@code LISTEN} connection in the readiness report: DOWN until it has listened
 * for the first time, and while it is lost. A process that serves live streams without it would
 * hold them open and deliver nothing; one that is not ready yet gets no streams from a balancer
 * that follows readiness, and a stream opened anyway is ended when the connection comes up
 * (its client lists again: {@code EventStreams}).
 */
@Readiness
@ApplicationScoped
public class NoticesReadiness implements HealthCheck {

    static final String NAME = "Execution changes (LISTEN)";

    @Inject
    ExecutionNotices notices;

    @Override
    public HealthCheckResponse call() {
        return notices.listening() ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down()
                        .withData("detail", "not listening for changes of executions yet: live streams would miss them")
                        .build();
    }
}
