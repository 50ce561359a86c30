package dev.kite.server.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.TaskTypes;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;

/**
 * Test plugin of type {@code probe}, steered by its inputs (all optional):
 * {@code label} (calls are counted per label), {@code sleepMs} (answer after that long),
 * {@code failFirst} (fail, USER recoverable, while the label's call count is at most this),
 * {@code size} (length of the {@code blob} output), {@code value} (echoed).
 * Candidate outputs are {@code label}, {@code call} (this call's number for the label),
 * {@code value} and {@code blob}; it returns those the task's interface declares.
 */
@ApplicationScoped
@TaskTypes("probe")
public class ProbePlugin implements SyncPlugin<NoConfig> {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** How often the plugin ran for {@code label}. */
    public int calls(String label) {
        AtomicInteger n = calls.get(label);
        return n == null ? 0 : n.get();
    }

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        ObjectNode in = ctx.inputs();
        String label = in.path("label").asText("");
        int call = calls.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet();
        ObjectNode candidates = JsonNodeFactory.instance.objectNode();
        candidates.put("label", label);
        candidates.put("call", call);
        candidates.set("value", in.path("value").deepCopy());
        candidates.put("blob", "x".repeat(in.path("size").asInt(0)));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String name : ctx.task().iface().outputs().keySet()) {
            out.set(name, candidates.get(name));
        }
        TaskResult result = call <= in.path("failFirst").asInt(0)
                ? TaskResult.failed(TaskError.userRecoverable("PROBE_FAILED", "told to fail call " + call + " of " + label))
                : TaskResult.succeeded(out);
        long sleep = in.path("sleepMs").asLong(0);
        Uni<TaskResult> answer = Uni.createFrom().item(result);
        return sleep > 0 ? answer.onItem().delayIt().by(Duration.ofMillis(sleep)) : answer;
    }
}
