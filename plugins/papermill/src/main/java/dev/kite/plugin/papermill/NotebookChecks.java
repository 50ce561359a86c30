package dev.kite.plugin.papermill;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;

/**
 * The checks of a {@code notebook} task: the config's fields, then the notebook against the task's
 * interface: its kernel's language has a {@link Translator}, and every declared input has a
 * parameter of its name in the cell tagged {@code parameters}. Run at registration (a stored notebook
 * read then, {@link NotebookSource#validateStored}) and at every attempt (it may have changed since).
 */
final class NotebookChecks {

    private NotebookChecks() {
    }

    /** What the checks of a notebook found: how to write its parameters and which kernel runs it. */
    record Checked(Notebook notebook, Translator translator, String kernel) {
    }

    /** The config's own fields; returns the URI of a stored notebook, or null for an inline one. */
    static URI config(NotebookConfig c, FieldErrors errors) {
        boolean inline = c.notebook() != null && !c.notebook().isNull();
        boolean stored = c.notebookUri() != null;
        if (inline == stored) {
            errors.add("config.notebook", inline ? "give the notebook inline (notebook) or by URI (notebookUri), not both"
                    : "required: the notebook inline (notebook: {...the .ipynb JSON...}) or notebookUri: a URI in the data store");
        }
        if (c.files() != null && !Set.of(NotebookConfig.FILES_PATH, NotebookConfig.FILES_URI).contains(c.files())) {
            errors.add("config.files", "expected \"path\" (blob inputs downloaded, passed as local paths) or \"uri\""
                    + " (passed as their URIs), got \"" + c.files() + "\"");
        }
        if (c.executor() != null && !NotebookConfig.EXECUTORS.contains(c.executor())) {
            errors.add("config.executor", "expected one of " + NotebookConfig.EXECUTORS + ", got \"" + c.executor() + "\"");
        }
        if (c.kernel() != null && c.kernel().isBlank()) {
            errors.add("config.kernel", "must not be blank");
        }
        if (!stored) {
            return null;
        }
        try {
            URI uri = new URI(c.notebookUri());
            if (!uri.isAbsolute() || uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/")) {
                errors.add("config.notebookUri", "expected the absolute URI of one object, such as"
                        + " s3://bucket/notebooks/report.ipynb or file:///srv/notebooks/report.ipynb");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add("config.notebookUri", "not a URI: " + e.getMessage());
            return null;
        }
    }

    /** The notebook against the task; null after recording errors under {@code path}. Records warnings too. */
    static Checked notebook(TaskTemplate task, NotebookConfig c, Notebook nb, String path, FieldErrors errors) {
        int before = errors.size();
        String language = nb.language();
        Translator translator;
        if (language == null) {
            translator = Translator.PYTHON;
            errors.warn(path + ".metadata", "the notebook names no kernel language; its parameters are written as Python");
        } else {
            translator = Translator.forLanguage(language).orElse(null);
            if (translator == null) {
                errors.add(FieldErrors.child(FieldErrors.child(path, "metadata"), "kernelspec") + ".language",
                        "Kite cannot write parameters in " + language + "; it translates " + Translator.known());
                return null;
            }
        }
        String kernel = c.kernel() != null ? c.kernel() : nb.kernelName() != null ? nb.kernelName() : "python3";
        int at = nb.indexOf(Notebook.PARAMETERS);
        Set<String> declared = task.iface().inputs().keySet();
        if (at < 0) {
            if (!declared.isEmpty()) {
                errors.warn(path, "no cell is tagged \"parameters\"; the parameters are injected at the top");
            }
        } else {
            List<String> names = nb.parameterNames(translator);
            for (String input : declared) {
                if (!names.contains(input)) {
                    errors.add(FieldErrors.child("interface.inputs", input), "input '" + input + "' has no parameter in the notebook's"
                            + " parameters cell (" + path + ".cells[" + at + "]); add a line such as " + input
                            + " = <default> there" + (names.isEmpty() ? "" : " (it assigns: " + String.join(", ", names) + ")"));
                }
            }
            names.stream().filter(n -> !declared.contains(n)).forEach(n -> errors.warn(FieldErrors.index(path + ".cells", at),
                    "parameter '" + n + "' is no input of the task; it keeps its default"));
        }
        return errors.size() == before ? new Checked(nb, translator, kernel) : null;
    }

    /** One line of every error, for a task error's message. */
    static String describe(FieldErrors errors) {
        return String.join("; ", errors.list().stream().map(e -> e.path() + ": " + e.message()).toList());
    }
}
