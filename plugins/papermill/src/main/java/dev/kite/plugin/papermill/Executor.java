package dev.kite.plugin.papermill;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The executor of one attempt: {@code python kite_notebook_runner.py} as a child process of Kite,
 * which starts the kernel as its own child. Found again by process id and start time (a handle
 * outlives a restart of Kite on the same host); stopped by killing the whole process tree, the
 * kernel and anything the notebook started included.
 */
final class Executor {

    private Executor() {
    }

    /** Starts the executor for a prepared working folder. */
    static NotebookHandle start(String python, WorkDir dir, String kernel, String executor, Map<String, String> env,
            int injectedIndex) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, dir.runner().toString(), dir.notebook().toString(),
                dir.out().toString(), kernel, dir.work().toString(), "--executor", executor);
        pb.directory(dir.work().toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.log().toFile());
        Map<String, String> e = pb.environment();
        e.remove("PYTHONHOME"); // another Python's settings must not leak into this one
        e.put("PYTHONPATH", dir.lib().toString());
        e.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        e.put("PYTHONUNBUFFERED", "1");
        e.put("JUPYTER_RUNTIME_DIR", dir.root().resolve("runtime").toString());
        e.put("KITE_RECORD_FILE", dir.records().toString());
        e.putAll(env);
        Process p = pb.start();
        String started = p.info().startInstant().map(Instant::toString).orElse(null);
        return new NotebookHandle(p.pid(), started, dir.root().toString(), injectedIndex);
    }

    /** The executor of {@code h} if it still runs (the same process, not a later one with its id). */
    static Optional<ProcessHandle> find(NotebookHandle h) {
        return ProcessHandle.of(h.pid()).filter(ProcessHandle::isAlive).filter(p -> h.started() == null
                || p.info().startInstant().map(Instant::toString).map(h.started()::equals).orElse(true));
    }

    /**
     * Kills the executor and every process below it (kernel first, deepest first), with SIGKILL,
     * and waits up to {@code waitMillis} for the executor to be gone. Returns whether it is.
     */
    static boolean killTree(ProcessHandle root, long waitMillis) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.sort(Comparator.comparingLong(Executor::depth).reversed().thenComparing(ProcessHandle::pid));
        tree.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        boolean gone = true;
        for (ProcessHandle p : concat(tree, root)) {
            try {
                p.onExit().get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                gone &= !p.isAlive();
            }
        }
        return gone && !root.isAlive();
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> tree, ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(tree);
        all.add(root);
        return all;
    }

    private static long depth(ProcessHandle p) {
        long d = 0;
        Optional<ProcessHandle> parent = p.parent();
        while (parent.isPresent() && d < 64) {
            d++;
            parent = parent.get().parent();
        }
        return d;
    }
}
