package dev.kite.tasks.java;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.store.TaskRegistry;

/**
 * Registers every {@code @KiteTask} method's task at start-up: its project is created when
 * missing, the same version with the same content is a no-op, and the same version with other
 * content stops the start-up naming the method (versions are immutable).
 */
@ApplicationScoped
public class JavaTaskRegistrar {

    private static final Logger LOG = Logger.getLogger(JavaTaskRegistrar.class);

    @Inject
    JavaFunctions functions;

    @Inject
    TaskRegistry tasks;

    @Inject
    KiteConfig config;

    void onStart(@Observes StartupEvent event) {
        List<JavaFunction> all = List.copyOf(functions.all());
        if (all.isEmpty()) {
            return;
        }
        if (config.plugins().disabled().orElse(List.of()).contains(JavaTaskPlugin.TYPE)) {
            LOG.infof("the %s plugin is disabled: %d @KiteTask methods are not registered", JavaTaskPlugin.TYPE, all.size());
            return;
        }
        for (JavaFunction f : all) {
            String domain = f.template().id().domain();
            if (!config.domains().contains(domain)) {
                throw new IllegalStateException("@KiteTask method " + f.method() + ": domain '" + domain
                        + "' is not one of kite.domains " + config.domains());
            }
        }
        try {
            registerAll(all);
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            // Kite starts without its database (readiness says DOWN); the tasks are registered once it answers.
            LOG.warnf("PostgreSQL is unreachable; %d @KiteTask methods will be registered when it answers", all.size());
            Thread retry = new Thread(() -> registerWhenReachable(all), "kite-java-task-registration");
            retry.setDaemon(true);
            retry.start();
        }
    }

    private void registerAll(List<JavaFunction> all) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Multi.createFrom().iterable(all)
                    .onItem().transformToUniAndConcatenate(this::register)
                    .collect().asList()
                    .ifNoItem().after(Duration.ofMinutes(2)).fail());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("could not register the @KiteTask methods: " + e, e);
        }
    }

    private void registerWhenReachable(List<JavaFunction> all) {
        while (true) {
            try {
                Thread.sleep(5_000);
                registerAll(all);
                LOG.infof("registered the %d @KiteTask methods", all.size());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    LOG.errorf("could not register the @KiteTask methods: %s", e.getMessage());
                    return;
                }
            }
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> register(JavaFunction f) {
        TaskTemplate template = f.template();
        return tasks.registerCreatingProject(template, "created by Kite for @KiteTask methods")
                .map(reg -> {
                    switch (reg.outcome()) {
                        case CREATED -> LOG.infof("registered task %s from %s", template.id(), f.method());
                        case IDENTICAL -> LOG.debugf("task %s from %s is registered already", template.id(), f.method());
                        default -> throw new IllegalStateException(conflict(f, tasks.parse(reg.stored())));
                    }
                    return null;
                });
    }

    private static String conflict(JavaFunction f, TaskTemplate stored) {
        TaskTemplate mine = f.template();
        String what;
        if (!stored.type().equals(mine.type())) {
            what = "a task of type '" + stored.type() + "'";
        } else if (!stored.iface().signature().equals(mine.iface().signature())) {
            what = "another signature (registered: " + Canonical.json(stored.iface().signature()) + "; this method: "
                    + Canonical.json(mine.iface().signature()) + ")";
        } else {
            what = "other settings (registered: " + Canonical.json(stored.toJson()) + "; this method: "
                    + Canonical.json(mine.toJson()) + ")";
        }
        return "@KiteTask method " + f.method() + ": task " + mine.id() + " is registered with " + what
                + ". A registered version is immutable: give the method a new version, e.g. @KiteTask(version = \""
                + nextVersion(mine.id().version()) + "\")";
    }

    private static String nextVersion(String version) {
        int end = version.length();
        int start = end;
        while (start > 0 && Character.isDigit(version.charAt(start - 1))) {
            start--;
        }
        if (start == end || end - start > 9) {
            return version + "-2";
        }
        return version.substring(0, start) + (Integer.parseInt(version.substring(start)) + 1);
    }
}
