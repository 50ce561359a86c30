package dev.kite.plugin.papermill;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.data.DataStore;
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
 * the notebook parameterized here, as the local mode does it (inline, or read from the data store
 * when the attempt starts). The notebook, the executor and the {@code kite.record} helper reach
 * the pod in a companion ConfigMap; signed upload URLs for the attempt's raw output location
 * ({@link DataStore#signedWriteUrl}) in a companion Secret. Through them the executor hands back
 * the executed notebook, its HTML, its whole result ({@code result.json}, outputs of any size) and
 * its progress as each cell starts; its termination message is a short report, which
 * {@link PodOutcome} completes from the store. Pod-level failures (image pull, pending, eviction,
 * OOM) are {@link PodStates}'s. User guide: {@code src/docs/notebook-tasks.md}.
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
    /** Where the companion Secret with the upload URLs is mounted. */
    static final String UPLOADS_MOUNT = "/var/run/kite/uploads";
    static final String UPLOADS_VOLUME = "kite-uploads";
    static final String UPLOADS_KEY = "uploads.json";
    /** The files the executor uploads, under the attempt's raw output location. */
    static final List<String> UPLOADED = List.of("executed.ipynb", "executed.html", "result.json", "progress.json");
    /** How long building an attempt waits on the data store (a stored notebook, signed URLs). */
    private static final Duration STORE_WAIT = Duration.ofSeconds(60);

    private static final JsonMapper JSON = new JsonMapper();

    @Inject
    NotebookSettings settings;

    @Inject
    KubernetesCluster cluster;

    Clock clock = Clock.systemUTC();

    private volatile PodDefaults defaults;
    private final PodProgress progress = new PodProgress();
    /** The companions {@link #build} made, until {@link #companions} hands them to the engine right after. */
    private final Map<String, List<HasMetadata>> built = new ConcurrentHashMap<>();

    /** What a task version compiles to: the checked notebook (null for a stored one) and the pod's container. */
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
        if (task.container() != null && (task.container().has("command") || task.container().has("args"))) {
            errors.add("container", "a notebook pod's command is Kite's executor: leave out command and args");
        }
    }

    @Override
    public Uni<Void> validateStored(TaskTemplate task, NotebookConfig config, DataStore data, FieldErrors errors) {
        return NotebookSource.validateStored(task, config, data, errors);
    }

    @Override
    public Prepared prepare(TaskTemplate task, NotebookConfig config, FieldErrors errors) {
        ContainerSpec container = ContainerSpec.compile(task, errors);
        boolean inline = config.notebook() != null && !config.notebook().isNull();
        Notebook nb = inline ? Notebook.parse(config.notebook(), NotebookSource.INLINE, errors) : null;
        NotebookChecks.Checked checked = nb == null ? null : NotebookChecks.notebook(task, config, nb, NotebookSource.INLINE, errors);
        return container == null || (inline && checked == null) ? null : new Prepared(checked, container);
    }

    /** Refuses outside the pod mode, without a cluster, or with a pod template Kite cannot read. */
    @Override
    public void check() {
        if (settings.mode() != NotebookSettings.Mode.KUBERNETES) {
            throw new IllegalStateException("kite.notebook.mode=" + settings.mode().name().toLowerCase()
                    + ": notebooks run locally (plugin " + NotebookPlugin.TYPE + ")");
        }
        NotebookPlugin.checkExecutor(settings);
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

    /** Those {@link #build} made for this attempt; when deleting (nothing built here), only their names, which is all deletion needs. */
    @Override
    public List<HasMetadata> companions(TaskContext<NotebookConfig> ctx) {
        List<HasMetadata> made = built.remove(ctx.generatedName());
        if (made != null) {
            return made;
        }
        return List.of(TaskPod.inputs(prepared(ctx).container(), ctx),
                new ConfigMapBuilder().withNewMetadata().withName(companion(ctx)).endMetadata().build(),
                new SecretBuilder().withNewMetadata().withName(uploadsSecret(ctx)).endMetadata().build());
    }

    static String companion(TaskContext<?> ctx) {
        return ctx.generatedName() + "-notebook";
    }

    static String uploadsSecret(TaskContext<?> ctx) {
        return ctx.generatedName() + "-uploads";
    }

    /** On a worker thread: reads a stored notebook, parameterizes it, signs the upload URLs, then the pod. */
    @Override
    public Pod build(TaskContext<NotebookConfig> ctx) {
        Prepared p = prepared(ctx);
        NotebookChecks.Checked checked = p.notebook() != null ? p.notebook()
                : NotebookSource.checked(ctx, NotebookSource.load(ctx).await().atMost(STORE_WAIT));
        Notebook.Parameterized nb = checked.notebook().parameterize(checked.translator(), Parameters.inPod(ctx));
        String text;
        String urls;
        try {
            text = JSON.writeValueAsString(nb.json());
            urls = JSON.writeValueAsString(uploadUrls(ctx));
        } catch (JsonProcessingException e) {
            throw new TaskException(TaskError.system("NOTEBOOK_IO", "writing the notebook failed: " + e.getMessage()));
        }
        built.put(ctx.generatedName(), List.of(TaskPod.inputs(p.container(), ctx),
                new ConfigMapBuilder().withNewMetadata().withName(companion(ctx)).endMetadata()
                        .addToData(NOTEBOOK_KEY, text)
                        .addToData(WorkDir.RUNNER, WorkDir.resource(WorkDir.RUNNER))
                        .addToData(WorkDir.HELPER, WorkDir.resource(WorkDir.HELPER)).build(),
                new SecretBuilder().withNewMetadata().withName(uploadsSecret(ctx)).endMetadata().withType("Opaque")
                        .addToData(UPLOADS_KEY, Base64.getEncoder().encodeToString(urls.getBytes(StandardCharsets.UTF_8)))
                        .build()));
        return pod(ctx, p, checked);
    }

    private Pod pod(TaskContext<NotebookConfig> ctx, Prepared p, NotebookChecks.Checked checked) {
        Pod pod = TaskPod.build(p.container(), ctx, defaults(), clock.instant());
        Container c = pod.getSpec().getContainers().stream().filter(x -> TaskPod.CONTAINER.equals(x.getName()))
                .findFirst().orElseThrow();
        c.setCommand(List.of(settings.pod().python(), MOUNT + "/" + WorkDir.RUNNER, MOUNT + "/" + NOTEBOOK_KEY,
                SCRATCH + "/out", checked.kernel(), SCRATCH + "/work", "--executor", settings.executorFor(ctx.config()),
                "--uploads", UPLOADS_MOUNT + "/" + UPLOADS_KEY, "--termination-log", TaskPod.TERMINATION_LOG));
        c.setArgs(List.of());
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        env.add(new EnvVar("PYTHONPATH", MOUNT, null));
        env.add(new EnvVar("PYTHONUNBUFFERED", "1", null));
        env.add(new EnvVar("KITE_RECORD_FILE", SCRATCH + "/out/records.jsonl", null));
        c.setEnv(env);
        c.getVolumeMounts().add(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true).build());
        c.getVolumeMounts().add(new VolumeMountBuilder().withName(UPLOADS_VOLUME).withMountPath(UPLOADS_MOUNT).withReadOnly(true)
                .build());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName(VOLUME).withNewConfigMap().withName(companion(ctx))
                .endConfigMap().build());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName(UPLOADS_VOLUME).withNewSecret()
                .withSecretName(uploadsSecret(ctx)).endSecret().build());
        return pod;
    }

    /**
     * A signed PUT URL for each file the executor hands back, valid until well after the attempt's
     * deadline (at most 7 days, S3's limit). A store that signs none fails the attempt: without them
     * the executed notebook would be lost.
     */
    private Map<String, String> uploadUrls(TaskContext<NotebookConfig> ctx) {
        Instant now = clock.instant();
        Duration ttl = Duration.between(now, ctx.deadline().isAfter(now) ? ctx.deadline() : now).plusMinutes(30);
        ttl = ttl.compareTo(Duration.ofDays(7)) > 0 ? Duration.ofDays(7) : ttl.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : ttl;
        Map<String, String> urls = new LinkedHashMap<>();
        for (String file : UPLOADED) {
            URI target = Outcome.under(ctx.rawOutputPrefix(), file);
            Optional<URI> url;
            try {
                url = ctx.data().signedWriteUrl(target, ttl).await().atMost(STORE_WAIT);
            } catch (RuntimeException e) {
                throw new TaskException(TaskError.system("NOTEBOOK_UPLOADS", "signing the upload URL of " + target + " failed: "
                        + e.getMessage()), e);
            }
            if (url.isEmpty()) {
                throw new TaskException(TaskError.systemFatal("NOTEBOOK_UPLOADS", "the data store of " + ctx.rawOutputPrefix()
                        + " signs no upload URLs, so a notebook pod could not hand back the executed notebook: use an S3"
                        + " store for raw outputs, or set kite.storage.uploads.url to where pods reach Kite"));
            }
            urls.put(file, url.get().toString());
        }
        return urls;
    }

    @Override
    public TaskStatus status(TaskContext<NotebookConfig> ctx, Pod pod) {
        Optional<TaskStatus> reported = PodOutcome.of(pod);
        if (reported.isPresent()) {
            return reported.get();
        }
        NotebookSettings.Pod s = settings.pod();
        TaskStatus status = PodStates.classify(pod, clock.instant(), s.imagePullGrace(), s.pendingTimeout());
        if (status.phase() != TaskStatus.Phase.RUNNING) {
            return status;
        }
        String running = progress.message(ctx, clock.instant());
        return running == null ? status : TaskStatus.running(running);
    }

    /** Reads what the pod stored (its result, the executed notebook) and classifies it. */
    @Override
    public Uni<TaskStatus> finished(TaskContext<NotebookConfig> ctx, TaskStatus ended) {
        progress.forget(ctx);
        return PodOutcome.finished(ctx, ended);
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
