package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import dev.kite.model.FieldErrors;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.kubernetes.ContainerSpec;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.kubernetes.PodDefaults;
import dev.kite.spi.kubernetes.PodStates;
import dev.kite.spi.kubernetes.TaskPod;

/** Kubernetes attempts: build the pod, play the kubelet's changes, classify. */
class KubernetesRunTest {

    /** A minimal pod plugin on the SPI's pod helpers. */
    @TaskTypes("pod")
    static class PodPlugin implements KubernetesPlugin<NoConfig, Pod> {
        final FakeClock clock;

        PodPlugin(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public Pod build(TaskContext<NoConfig> ctx) {
            return TaskPod.build(ContainerSpec.compile(ctx.task(), new FieldErrors()), ctx, PodDefaults.NONE, clock.instant());
        }

        @Override
        public List<HasMetadata> companions(TaskContext<NoConfig> ctx) {
            return List.of(TaskPod.inputs(ContainerSpec.compile(ctx.task(), new FieldErrors()), ctx));
        }

        @Override
        public TaskStatus status(TaskContext<NoConfig> ctx, Pod pod) {
            return PodStates.classify(pod, clock.instant(), Duration.ofMinutes(3), Duration.ofMinutes(10));
        }
    }

    private static final String TASK = """
            {'id': {'project': 'demo', 'domain': 'development', 'name': 'count', 'version': 'v1'}, 'type': 'pod',
             'interface': {'inputs': {'n': {'type': 'integer'}}, 'outputs': {'total': {'type': 'integer'}}},
             'container': {'image': 'busybox:1.36', 'args': ['count', '{{.inputs.n}}']}}""";

    @Test
    void aPodThatEndsWellGivesItsOutputs() {
        FakeClock clock = new FakeClock();
        PodPlugin plugin = new PodPlugin(clock);
        TestContext<NoConfig> ctx = Contexts.of(plugin).task(TASK).inputs("{'n': 3}").build();
        KubernetesRun<NoConfig, Pod> run = KubernetesRun.of(plugin, ctx);
        Pod pod = run.build();
        assertEquals(ctx.generatedName(), pod.getMetadata().getName());
        assertEquals(List.of("count", "3"), pod.getSpec().getContainers().get(0).getArgs());
        assertEquals(1, run.companions().size());
        TaskStatus end = run.play(Kubelet.script("ok", "{\"outputs\": {\"total\": 6}}", clock.instant()));
        assertEquals(List.of(TaskStatus.Phase.RUNNING, TaskStatus.Phase.SUCCEEDED),
                run.statuses().stream().map(TaskStatus::phase).toList());
        assertEquals("{\"total\":6}", Outputs.of(ctx.task(), end).toString());
    }

    @Test
    void aFailedContainerIsClassified() {
        FakeClock clock = new FakeClock();
        PodPlugin plugin = new PodPlugin(clock);
        KubernetesRun<NoConfig, Pod> run = KubernetesRun.of(plugin, Contexts.of(plugin).task(TASK).inputs("{'n': 3}").build());
        run.build();
        TaskStatus end = run.play(Kubelet.script("oom", "", clock.instant()));
        assertEquals(TaskStatus.Phase.FAILED, end.phase());
        assertEquals("OOM_KILLED", end.error().code());
    }

    @Test
    void aPodPendingTooLongFailsWhenTheClockMoves() {
        FakeClock clock = new FakeClock();
        PodPlugin plugin = new PodPlugin(clock);
        KubernetesRun<NoConfig, Pod> run = KubernetesRun.of(plugin, Contexts.of(plugin).task(TASK).inputs("{'n': 3}").build());
        run.build().getMetadata().setCreationTimestamp(clock.instant().toString());
        assertEquals(TaskStatus.Phase.QUEUED, run.play(Kubelet.script("unschedulable", "", clock.instant())).phase());
        clock.advance(Duration.ofMinutes(11));
        TaskStatus late = run.status();
        assertEquals(TaskStatus.Phase.FAILED, late.phase());
        assertTrue(late.error().message().contains("0/3 nodes are available"), late.error().message());
    }
}
