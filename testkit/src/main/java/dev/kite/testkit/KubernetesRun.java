package dev.kite.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.KubernetesPlugin;

/**
 * One attempt of a {@link KubernetesPlugin}, as the engine drives it without a cluster:
 * {@link #build()} makes the object (named after the attempt, as the engine names it) and its
 * companions; {@link #apply} changes the object as the cluster would (a {@link Kubelet} step for a
 * pod) and classifies it with the plugin's {@code status}, as the engine does on every change its
 * watch sees.
 *
 * <pre>{@code
 * KubernetesRun<NoConfig, Pod> run = KubernetesRun.of(plugin, ctx);
 * Pod pod = run.build();
 * TaskStatus s = run.play(Kubelet.script("exit:3", "boom", clock.instant()));
 * }</pre>
 *
 * @param <C> the config class
 * @param <R> the resource class
 */
public final class KubernetesRun<C, R extends HasMetadata> {

    private final KubernetesPlugin<C, R> plugin;
    private final TestContext<C> ctx;
    private R object;
    private List<HasMetadata> companions = List.of();
    private final List<TaskStatus> statuses = new ArrayList<>();

    private KubernetesRun(KubernetesPlugin<C, R> plugin, TestContext<C> ctx) {
        this.plugin = plugin;
        this.ctx = ctx;
    }

    public static <C, R extends HasMetadata> KubernetesRun<C, R> of(KubernetesPlugin<C, R> plugin, TestContext<C> ctx) {
        return new KubernetesRun<>(plugin, ctx);
    }

    /** Builds the object and its companions; the object gets the attempt's generated name, as the engine gives it. */
    public R build() {
        object = plugin.build(ctx);
        companions = List.copyOf(plugin.companions(ctx));
        object.getMetadata().setName(ctx.generatedName());
        return object;
    }

    /** The object as built and changed so far. */
    public R object() {
        if (object == null) {
            throw new IllegalStateException("nothing built yet: call build()");
        }
        return object;
    }

    /** The companions built with the object. */
    public List<HasMetadata> companions() {
        return companions;
    }

    /** Changes the object as the cluster would, then classifies it. */
    public TaskStatus apply(UnaryOperator<R> change) {
        object = change.apply(object());
        TaskStatus s = plugin.status(ctx, object);
        statuses.add(s);
        return s;
    }

    /** Applies each change in order (the watch sees each); returns the last status. */
    public TaskStatus play(List<UnaryOperator<R>> changes) {
        TaskStatus last = null;
        for (UnaryOperator<R> c : changes) {
            last = apply(c);
        }
        return last;
    }

    /** What the engine records for an end: {@code ended} passed through the plugin's {@code finished}. */
    public TaskStatus finish(TaskStatus ended) {
        return plugin.finished(ctx, ended).await().atMost(java.time.Duration.ofMinutes(1));
    }

    /** Classifies the object as it is (a resync, or the clock moved). */
    public TaskStatus status() {
        TaskStatus s = plugin.status(ctx, object());
        statuses.add(s);
        return s;
    }

    /** Every status so far, in order. */
    public List<TaskStatus> statuses() {
        return List.copyOf(statuses);
    }
}
