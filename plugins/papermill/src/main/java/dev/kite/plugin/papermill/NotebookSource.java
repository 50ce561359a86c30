package dev.kite.plugin.papermill;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.data.DataStore;
import dev.kite.spi.data.DataStoreException;

/**
 * Where a task's notebook comes from, for both modes: inline ({@code config.notebook}) or an object
 * in Kite's data store ({@code config.notebookUri}; only what a configured store serves, so a
 * {@code file://} URI only under {@code kite.storage.local.root}). A stored notebook is read and
 * checked at registration ({@link #validateStored}) and read again when each attempt starts
 * ({@link #load}), since the object may change in between.
 */
final class NotebookSource {

    static final String STORED = "config.notebookUri";
    static final String INLINE = "config.notebook";

    private static final JsonMapper JSON = new JsonMapper();

    private NotebookSource() {
    }

    /** At registration: the stored notebook exists, is a notebook, and fits the task; problems under {@code config.notebookUri}. */
    static Uni<Void> validateStored(TaskTemplate task, NotebookConfig config, DataStore data, FieldErrors errors) {
        FieldErrors own = new FieldErrors();
        URI uri = NotebookChecks.config(config, own);
        if (uri == null || !own.isEmpty()) {
            return Uni.createFrom().voidItem(); // validate recorded it already
        }
        return data.read(uri).map(bytes -> {
            JsonNode doc = json(bytes, uri, errors);
            Notebook nb = doc == null ? null : Notebook.parse(doc, STORED, errors);
            if (nb != null) {
                NotebookChecks.notebook(task, config, nb, STORED, errors);
            }
            return (Void) null;
        }).onFailure(f -> f instanceof DataStoreException d && !d.transientFailure()).recoverWithItem(f -> {
            errors.add(STORED, "cannot read the notebook: " + f.getMessage());
            return null;
        });
    }

    /** The object's JSON, or null after an error that gives the position, never the content. */
    private static JsonNode json(byte[] bytes, URI uri, FieldErrors errors) {
        try {
            JsonNode doc = JSON.readTree(bytes);
            if (doc != null && doc.isObject()) {
                return doc;
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            errors.add(STORED, uri + " is not a notebook: not JSON" + (at == null ? "" : " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")"));
            return null;
        } catch (IOException e) {
            errors.add(STORED, uri + " is not a notebook: " + e.getClass().getSimpleName());
            return null;
        }
        errors.add(STORED, uri + " is not a notebook: expected a JSON object (an .ipynb file)");
        return null;
    }

    /** When an attempt starts: the notebook, inline or read from the store now. */
    static Uni<Notebook> load(TaskContext<NotebookConfig> ctx) {
        FieldErrors errors = new FieldErrors();
        URI uri = NotebookChecks.config(ctx.config(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(invalid(errors));
        }
        if (uri == null) {
            return Uni.createFrom().item(() -> parse(ctx.config().notebook(), INLINE));
        }
        return ctx.data().read(uri).onFailure(DataStoreException.class).transform(f -> new TaskException(
                ((DataStoreException) f).transientFailure()
                        ? TaskError.system("NOTEBOOK_READ", "reading the notebook " + uri + " failed: " + f.getMessage())
                        : TaskError.user("NOTEBOOK_NOT_FOUND", "cannot read the notebook " + uri + " (" + STORED + "): "
                                + f.getMessage()), f))
                .map(bytes -> {
                    FieldErrors found = new FieldErrors();
                    JsonNode doc = json(bytes, uri, found);
                    if (doc == null) {
                        throw invalid(found);
                    }
                    return parse(doc, STORED);
                });
    }

    /** The notebook checked against the task, or a USER {@code NOTEBOOK_INVALID}. */
    static NotebookChecks.Checked checked(TaskContext<NotebookConfig> ctx, Notebook nb) {
        FieldErrors errors = new FieldErrors();
        String path = ctx.config().notebookUri() != null ? STORED : INLINE;
        NotebookChecks.Checked checked = NotebookChecks.notebook(ctx.task(), ctx.config(), nb, path, errors);
        if (checked == null) {
            throw invalid(errors);
        }
        return checked;
    }

    private static Notebook parse(JsonNode doc, String path) {
        FieldErrors errors = new FieldErrors();
        Notebook nb = Notebook.parse(doc, path, errors);
        if (nb == null) {
            throw invalid(errors);
        }
        return nb;
    }

    static TaskException invalid(FieldErrors errors) {
        return new TaskException(TaskError.user("NOTEBOOK_INVALID", NotebookChecks.describe(errors)));
    }
}
