package dev.kite.plugin.papermill;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.kubernetes.ContainerSpec;
import dev.kite.spi.kubernetes.KubernetesCluster;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.kubernetes.PodDefaults;
import dev.kite.spi.kubernetes.PodStates;
import dev.kite.spi.kubernetes.TaskPod;

/**
 * The task type {@code notebook} in the pod mode ({@code kite.notebook.mode=kubernetes}): each
 * attempt is a pod built by the one pod builder ({@link TaskPod} from the task's {@code container}:
 * image, resources, service account, env), running the same executor script as the local mode on
 * the notebook parameterized here, as the local mode does it. The notebook, the executor and the
 * {@code kite.record} helper reach the pod in a companion ConfigMap; the executor reports its
 * result as the container's termination message, which {@link PodOutcome} maps as the local mode
 * maps its result file. Pod-level failures (image pull, pending, eviction, OOM) are
 * {@link PodStates}'s. User guide: {@code src/docs/notebook-tasks.md}.
 */
@ApplicationScoped
@TaskTypes(NotebookPlugin.TYPE)
public class NotebookPodPlugin implements KubernetesPlugin<NotebookConfig, Pod> {

    /** The plugin's name ({@code GET /api/v1/plugins}); the local mode's is {@code notebook}. */
    public static final String NAME = "notebook-pod";
    /** Where the companion ConfigMap is mounted in the pod. */
    static final String MOUNT = "/var/run/kite/notebook";
    static final String VOLUME = "kite-notebook";
    static final String NOTEBOOK_KEY = "notebook.ipynb";
    static final String SCRATCH = "/tmp/kite-notebook";

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    NotebookSettings settings;

    @Inject
    KubernetesCluster cluster;

    Clock clock = Clock.systemUTC();

    private volatile PodDefaults defaults;

    /** What a task version compiles to: the checked notebook and the pod's container. */
    record Prepared(NotebookChecks.Checked notebook, ContainerSpec container) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<NotebookConfig> configType() {
        return NotebookConfig.class;
    }

    @Override
    public void validate(TaskTemplate task, NotebookConfig config, FieldErrors errors) {
        NotebookChecks.config(config, errors);
        if (config.notebookUri() != null) {
            errors.add("config.notebookUri", "a notebook run as a pod (kite.notebook.mode=kubernetes) is given inline"
                    + " (config.notebook)");
        }
        if (task.container() != null && (task.container().has("command") || task.container().has("args"))) {
            errors.add("container", "a notebook pod's command is Kite's executor: leave out command and args");
        }
    }

    @Override
    public Prepared prepare(TaskTemplate task, NotebookConfig config, FieldErrors errors) {
        ContainerSpec container = ContainerSpec.compile(task, errors);
        Notebook nb = config.notebook() == null ? null : Notebook.parse(config.notebook(), "config.notebook", errors);
        NotebookChecks.Checked checked = nb == null ? null : NotebookChecks.notebook(task, config, nb, "config.notebook", errors);
        return container == null || checked == null ? null : new Prepared(checked, container);
    }

    /** Refuses outside the pod mode, without a cluster, or with a pod template Kite cannot read. */
    @Override
    public void check() {
        if (settings.mode() != NotebookSettings.Mode.KUBERNETES) {
            throw new IllegalStateException("kite.notebook.mode=" + settings.mode().name().toLowerCase()
                    + ": notebooks run locally (plugin " + NotebookPlugin.TYPE + ")");
        }
        defaults();
        cluster.unavailable().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    /** {@code kite.notebook.pod.*} read once; a bad setting is SYSTEM fatal {@code NOTEBOOK_POD_SETTINGS}. */
    PodDefaults defaults() {
        if (defaults == null) {
            NotebookSettings.Pod pod = settings.pod();
            try {
                defaults = PodDefaults.from("kite.notebook.pod", pod.template(), List.of(), Map.of(), pod.defaultServiceAccount());
            } catch (IllegalArgumentException e) {
                throw new TaskException(TaskError.systemFatal("NOTEBOOK_POD_SETTINGS", e.getMessage()));
            }
        }
        return defaults;
    }

    @Override
    public List<HasMetadata> companions(TaskContext<NotebookConfig> ctx) {
        Prepared p = prepared(ctx);
        Notebook.Parameterized nb = p.notebook().notebook().parameterize(p.notebook().translator(), Parameters.inPod(ctx));
        String text;
        try {
            text = JSON.writeValueAsString(nb.json());
        } catch (JsonProcessingException e) {
            throw new TaskException(TaskError.system("NOTEBOOK_IO", "writing the notebook failed: " + e.getMessage()));
        }
        return List.of(TaskPod.inputs(p.container(), ctx), new ConfigMapBuilder().withNewMetadata().withName(companion(ctx)).endMetadata()
                .addToData(NOTEBOOK_KEY, text)
                .addToData(WorkDir.RUNNER, WorkDir.resource(WorkDir.RUNNER))
                .addToData(WorkDir.HELPER, WorkDir.resource(WorkDir.HELPER)).build());
    }

    static String companion(TaskContext<?> ctx) {
        return ctx.generatedName() + "-notebook";
    }

    @Override
    public Pod build(TaskContext<NotebookConfig> ctx) {
        Prepared p = prepared(ctx);
        Pod pod = TaskPod.build(p.container(), ctx, defaults(), clock.instant());
        Container c = pod.getSpec().getContainers().stream().filter(x -> TaskPod.CONTAINER.equals(x.getName()))
                .findFirst().orElseThrow();
        c.setCommand(List.of(settings.pod().python(), MOUNT + "/" + WorkDir.RUNNER, MOUNT + "/" + NOTEBOOK_KEY,
                SCRATCH + "/out", p.notebook().kernel(), SCRATCH + "/work", TaskPod.TERMINATION_LOG));
        c.setArgs(List.of());
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        env.add(new EnvVar("PYTHONPATH", MOUNT, null));
        env.add(new EnvVar("PYTHONUNBUFFERED", "1", null));
        env.add(new EnvVar("KITE_RECORD_FILE", SCRATCH + "/out/records.jsonl", null));
        c.setEnv(env);
        c.getVolumeMounts().add(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true).build());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName(VOLUME).withNewConfigMap().withName(companion(ctx))
                .endConfigMap().build());
        return pod;
    }

    @Override
    public TaskStatus status(TaskContext<NotebookConfig> ctx, Pod pod) {
        Optional<TaskStatus> reported = PodOutcome.of(ctx, pod);
        if (reported.isPresent()) {
            return reported.get();
        }
        NotebookSettings.Pod s = settings.pod();
        return PodStates.classify(pod, clock.instant(), s.imagePullGrace(), s.pendingTimeout());
    }

    @Override
    public Optional<PodLog> log(TaskContext<NotebookConfig> ctx) {
        return Optional.of(new PodLog(ctx.generatedName(), TaskPod.CONTAINER));
    }

    /** The prepared task version; compiled here only for a context that has none. */
    private Prepared prepared(TaskContext<NotebookConfig> ctx) {
        Prepared p = ctx.prepared();
        if (p != null) {
            return p;
        }
        FieldErrors errors = new FieldErrors();
        p = prepare(ctx.task(), ctx.config(), errors);
        if (p == null) {
            throw new TaskException(TaskError.user("NOTEBOOK_INVALID",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return p;
    }
}
