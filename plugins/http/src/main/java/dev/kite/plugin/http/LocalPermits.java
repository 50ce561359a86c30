package dev.kite.plugin.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A non-blocking semaphore in this process, first come first served. Callers queue in memory, so
 * that at most {@code permits} of them per host go on to ask Redis.
 */
final class LocalPermits {

    private static final Object CANCELLED = new Object();

    private final Deque<UniEmitter<? super Runnable>> waiting = new ArrayDeque<>();
    private int free;

    LocalPermits(int permits) {
        this.free = permits;
    }

    /** A permit; the item releases it (once). A caller that goes away never keeps one. */
    Uni<Runnable> acquire() {
        return handOver(() -> Uni.createFrom().emitter(em -> {
            synchronized (this) {
                if (free == 0) {
                    waiting.add(em);
                    return;
                }
                free--;
            }
            em.complete(releaser());
        }), Runnable::run);
    }

    private Runnable releaser() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                UniEmitter<? super Runnable> next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        free++;
                        return;
                    }
                }
                next.complete(releaser());
            }
        };
    }

    /**
     * {@code source}'s item, or — when the caller went away before it arrived — the item given
     * back with {@code giveBack}. {@code source} runs apart from the caller's subscription, so a
     * resource it grants (a permit, a slot) is always either delivered or given back.
     */
    @SuppressWarnings("unchecked")
    static <T> Uni<T> handOver(Supplier<Uni<T>> source, Consumer<T> giveBack) {
        return Uni.createFrom().deferred(() -> {
            AtomicReference<Object> state = new AtomicReference<>();
            return Uni.createFrom().<T>emitter(em -> source.get().subscribe().with(item -> {
                if (state.compareAndSet(null, item)) {
                    em.complete(item);
                } else {
                    giveBack.accept(item);
                }
            }, em::fail)).onCancellation().invoke(() -> {
                Object prev = state.getAndSet(CANCELLED);
                if (prev != null && prev != CANCELLED) {
                    giveBack.accept((T) prev); // it arrived, but the caller had gone
                }
            });
        });
    }
}
