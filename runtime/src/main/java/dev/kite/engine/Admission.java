package dev.kite.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who runs here and who waits for a slot. Every execution this process drives is registered here
 * from admission to release. At most {@code kite.engine.max-concurrent} hold a slot; the rest wait
 * in one queue per project and domain, and a freed slot goes to the next queue in turn (round
 * robin), so that a backlog of one project never delays another's work. A project may be held to
 * {@code kite.engine.max-concurrent-per-project} slots; its queues are then skipped until one of
 * its executions ends. Starting is trampolined: an execution that ends while another is being
 * started (a cache hit, say) hands its slot on without deepening the stack.
 */
final class Admission {

    private final int maxConcurrent;
    private final int perProject;
    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Deque<Run>> queues = new HashMap<>();
    private final Deque<String> turn = new ArrayDeque<>();
    private final Map<String, Integer> activeByProject = new HashMap<>();
    private final Map<UUID, Boolean> holding = new HashMap<>();
    private final Deque<Run> toStart = new ArrayDeque<>();
    private int active;
    private int queued;
    private boolean draining;
    private Consumer<Run> starter = r -> { };

    Admission(int maxConcurrent, OptionalInt perProject) {
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.perProject = perProject.isPresent() ? Math.max(1, perProject.getAsInt()) : Integer.MAX_VALUE;
    }

    /** What starts a run that got its slot. */
    void onStart(Consumer<Run> starter) {
        this.starter = starter;
    }

    Run local(UUID id) {
        return runs.get(id);
    }

    boolean isLocal(UUID id) {
        return runs.containsKey(id);
    }

    /** Runs driven here (holding a slot or queued). */
    int size() {
        return runs.size();
    }

    /** The runs this process drives now (a live view, for gauges). */
    java.util.Collection<Run> runs() {
        return runs.values();
    }

    synchronized int active() {
        return active;
    }

    synchronized int queued() {
        return queued;
    }

    /** Registers the run; false when it is driven here already. It starts now or when its turn comes. */
    boolean admit(Run run) {
        if (runs.putIfAbsent(run.id, run) != null) {
            return false;
        }
        synchronized (this) {
            queues.computeIfAbsent(queueOf(run), k -> {
                turn.addLast(k);
                return new ArrayDeque<>();
            }).addLast(run);
            queued++;
            pick();
        }
        drain();
        return true;
    }

    /** The run leaves this process: its slot (or its place in a queue) goes to the next in turn. */
    void release(Run run) {
        if (runs.remove(run.id) == null) {
            return;
        }
        synchronized (this) {
            Boolean held = holding.remove(run.id);
            if (held == null) {
                Deque<Run> q = queues.get(queueOf(run));
                if (q != null && q.remove(run)) {
                    queued--;
                }
                toStart.remove(run);
            } else {
                active--;
                activeByProject.merge(run.task.id().project(), -1, Integer::sum);
            }
            pick();
        }
        drain();
    }

    /**
     * The run stays driven here but gives its slot to the next in turn: a dynamic task whose
     * children run (holding slots while they wait on each other could starve them all).
     */
    void yieldSlot(Run run) {
        synchronized (this) {
            if (holding.remove(run.id) == null) {
                return;
            }
            active--;
            activeByProject.merge(run.task.id().project(), -1, Integer::sum);
            pick();
        }
        drain();
    }

    private static String queueOf(Run run) {
        return run.task.id().project() + "/" + run.task.id().domain();
    }

    /** Moves runs from the queues to {@code toStart} while slots are free (under the lock). */
    private void pick() {
        while (active < maxConcurrent && !turn.isEmpty()) {
            Run next = null;
            for (int i = 0, n = turn.size(); i < n && next == null; i++) {
                String key = turn.pollFirst();
                Deque<Run> q = queues.get(key);
                if (q.isEmpty()) {
                    queues.remove(key);
                    continue;
                }
                String project = q.peekFirst().task.id().project();
                if (activeByProject.getOrDefault(project, 0) < perProject) {
                    next = q.pollFirst();
                }
                if (q.isEmpty()) {
                    queues.remove(key);
                } else {
                    turn.addLast(key);
                }
            }
            if (next == null) {
                return; // every waiting project is at its limit
            }
            queued--;
            active++;
            activeByProject.merge(next.task.id().project(), 1, Integer::sum);
            holding.put(next.id, Boolean.TRUE);
            toStart.addLast(next);
        }
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return; // the loop already running (here or on another thread) starts them
            }
            draining = true;
        }
        while (true) {
            Run next;
            synchronized (this) {
                next = toStart.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            starter.accept(next);
        }
    }
}
