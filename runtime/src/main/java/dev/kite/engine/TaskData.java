package dev.kite.engine;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;

/**
 * What the engine asks of the data store about an execution's values: large inputs offloaded at
 * submission and read back when a run resumes from its row, outputs settled (coerced against the
 * interface, blob and dataset outputs checked to exist, large ones offloaded) before an attempt's
 * end is recorded. {@link Engine} adapts the data store to it; the unit tests use {@link #INLINE}.
 */
interface TaskData {

    /** An attempt's outputs as they are to be recorded, or the error that fails the attempt instead. */
    record Settled(ObjectNode outputs, TaskError error) {
    }

    /** The inputs as they are to be stored (offloaded ones replaced by references). */
    Uni<ObjectNode> offloadInputs(TaskTemplate task, UUID execution, ObjectNode inputs);

    /** Whether {@code values} hold references to offloaded values. */
    boolean offloaded(ObjectNode values);

    /** {@code values} with offloaded ones read back. */
    Uni<ObjectNode> resolve(ObjectNode values);

    /**
     * A canonical form of inputs, stored or not, in which an offloaded value and the value itself
     * compare equal (for the idempotent-name decision).
     */
    String comparable(ObjectNode values);

    /** The outputs of an attempt, settled. */
    Uni<Settled> settleOutputs(TaskTemplate task, UUID execution, int attempt, ObjectNode outputs);

    /** Nothing offloaded; outputs only coerced against the interface. */
    TaskData INLINE = new TaskData() {
        @Override
        public Uni<ObjectNode> offloadInputs(TaskTemplate task, UUID execution, ObjectNode inputs) {
            return Uni.createFrom().item(inputs);
        }

        @Override
        public boolean offloaded(ObjectNode values) {
            return false;
        }

        @Override
        public Uni<ObjectNode> resolve(ObjectNode values) {
            return Uni.createFrom().item(values);
        }

        @Override
        public String comparable(ObjectNode values) {
            return dev.kite.model.Canonical.json(values);
        }

        @Override
        public Uni<Settled> settleOutputs(TaskTemplate task, UUID execution, int attempt, ObjectNode outputs) {
            dev.kite.model.FieldErrors errors = new dev.kite.model.FieldErrors();
            ObjectNode checked = dev.kite.model.Values.coerceInputs(task.iface().outputs(), outputs, "outputs", errors);
            return Uni.createFrom().item(errors.isEmpty() ? new Settled(checked, null)
                    : new Settled(null, TaskError.user("OUTPUT_MISMATCH", "the outputs do not match the interface: "
                            + String.join("; ", errors.list().stream().map(e -> e.path() + ": " + e.message()).toList()))));
        }
    };
}
