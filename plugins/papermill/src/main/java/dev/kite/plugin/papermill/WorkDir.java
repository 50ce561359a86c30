package dev.kite.plugin.papermill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The working folder of one attempt and the files in it:
 * <pre>
 * &lt;root&gt;/notebook.ipynb     the parameterized notebook
 * &lt;root&gt;/lib/kite.py        the kite.record helper (the kernel's PYTHONPATH)
 * &lt;root&gt;/runner/...          the executor script
 * &lt;root&gt;/inputs/&lt;name&gt;/...  downloaded blob and dataset inputs
 * &lt;root&gt;/work/               the notebook's working folder (relative paths in the notebook)
 * &lt;root&gt;/out/                progress.json, executed.ipynb, executed.html, records.jsonl, result.json
 * &lt;root&gt;/executor.log        the executor's own output
 * </pre>
 */
record WorkDir(Path root) {

    static final String RUNNER = "kite_notebook_runner.py";
    static final String HELPER = "kite.py";

    Path notebook() {
        return root.resolve("notebook.ipynb");
    }

    Path lib() {
        return root.resolve("lib");
    }

    Path runner() {
        return root.resolve("runner").resolve(RUNNER);
    }

    Path inputs(String name) {
        return root.resolve("inputs").resolve(name);
    }

    Path work() {
        return root.resolve("work");
    }

    Path out() {
        return root.resolve("out");
    }

    Path progress() {
        return out().resolve("progress.json");
    }

    Path executed() {
        return out().resolve("executed.ipynb");
    }

    Path html() {
        return out().resolve("executed.html");
    }

    Path records() {
        return out().resolve("records.jsonl");
    }

    Path result() {
        return out().resolve("result.json");
    }

    Path log() {
        return root.resolve("executor.log");
    }

    /** A fresh folder: whatever an earlier try left is removed, the scripts are copied in. */
    void prepare() throws IOException {
        delete();
        Files.createDirectories(lib());
        Files.createDirectories(runner().getParent());
        Files.createDirectories(work());
        Files.createDirectories(out());
        copyResource(HELPER, lib().resolve(HELPER));
        copyResource(RUNNER, runner());
    }

    /** The text of one of the plugin's scripts ({@link #RUNNER}, {@link #HELPER}). */
    static String resource(String name) {
        try (InputStream in = WorkDir.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the plugin's jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = WorkDir.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the plugin's jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's text, or empty when it is not there. */
    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code max} characters of the executor's log, for error messages. */
    String logTail(int max) {
        String log = read(log()).orElse("").strip();
        return log.length() <= max ? log : "…" + log.substring(log.length() - max);
    }

    /** Removes the folder and everything in it; a missing folder is fine. */
    void delete() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
