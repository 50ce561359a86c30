package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.inline;
import static dev.kite.plugin.papermill.Fixtures.json;
import static dev.kite.plugin.papermill.Fixtures.notebook;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.tagged;
import static dev.kite.plugin.papermill.Fixtures.task;
import static dev.kite.plugin.papermill.Fixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskException;

/** What registration refuses, with the path of what to fix. */
class RegistrationChecksTest {

    @Test
    void aDeclaredInputWithoutAParameterIsNamed() {
        FieldErrors errors = validate(task("{'alpha': 'integer', 'beta': 'string'}", null,
                inline(python(tagged("parameters", "alpha = 1\n"), code("print(alpha)")))));
        List<FieldError> list = errors.list();
        assertEquals(1, list.size(), errors::toString);
        assertEquals("interface.inputs.beta", list.get(0).path());
        Fixtures.assertContains(list.get(0).message(), "input 'beta' has no parameter");
        Fixtures.assertContains(list.get(0).message(), "config.notebook.cells[0]");
    }

    @Test
    void extraParametersAndAMissingParametersCellAreWarnings() {
        FieldErrors extra = validate(task("{'alpha': 'integer'}", null,
                inline(python(code("import math"), tagged("parameters", "alpha = 1\ngamma = 2\n")))));
        assertTrue(extra.isEmpty(), extra::toString);
        assertEquals(List.of("config.notebook.cells[1]: parameter 'gamma' is no input of the task; it keeps its default"),
                extra.warnings());
        FieldErrors none = validate(task("{'alpha': 'integer'}", null, inline(python(code("print(alpha)")))));
        assertTrue(none.isEmpty(), none::toString);
        assertEquals(List.of("config.notebook: no cell is tagged \"parameters\"; the parameters are injected at the top"),
                none.warnings());
    }

    @Test
    void aKernelLanguageWithoutTranslatorIsRefused() {
        FieldErrors errors = validate(task(null, null, inline(notebook("julia-1.9", "julia", code("1 + 1")))));
        assertEquals("config.notebook.metadata.kernelspec.language", errors.list().get(0).path());
        Fixtures.assertContains(errors.list().get(0).message(), "julia");
    }

    @Test
    void theNotebookComesInlineOrByUriNotBothAndNotNeither() {
        assertEquals("config.notebook", validate(task(null, null, json("{}"))).list().get(0).path());
        assertEquals("config.notebook", validate(task(null, null, json("{'notebook': " + python(code("1")) + ","
                + " 'notebookUri': 's3://b/n.ipynb'}"))).list().get(0).path());
        assertEquals("config.notebookUri", validate(task(null, null, json("{'notebookUri': 'notebooks/n.ipynb'}")))
                .list().get(0).path());
        assertTrue(validate(task("{'a': 'integer'}", null, json("{'notebookUri': 's3://bucket/n.ipynb'}"))).isEmpty());
    }

    @Test
    void aStoredNotebookIsCheckedAgainWhenAnAttemptStarts(@TempDir Path tmp) throws Exception {
        FileStore store = new FileStore(tmp);
        Files.createDirectories(tmp.resolve("nb"));
        Files.writeString(tmp.resolve("nb/report.ipynb"), python(tagged("parameters", "alpha = 1\n")).toString());
        TaskTemplate task = task("{'alpha': 'integer', 'beta': 'string'}", null,
                json("{'notebookUri': '" + store.uri("nb/report.ipynb") + "'}"));
        assertTrue(validate(task).isEmpty(), "validate does not read the store (validateStored does)");
        Fixtures.Context ctx = Fixtures.Context.of(task, "{'alpha': 2, 'beta': 'b'}", store);
        TaskException e = assertThrows(TaskException.class,
                () -> Fixtures.plugin(tmp.resolve("work")).submit(ctx).await().atMost(Duration.ofSeconds(30)));
        assertEquals("NOTEBOOK_INVALID", e.error().code());
        assertEquals(ErrorKind.USER, e.error().kind());
        Fixtures.assertContains(e.error().message(), "interface.inputs.beta: input 'beta' has no parameter");

        Fixtures.Context missing = Fixtures.Context.of(task("{}", null, json("{'notebookUri': '" + store.uri("nb/gone.ipynb")
                + "'}")), "{}", store);
        TaskException gone = assertThrows(TaskException.class,
                () -> Fixtures.plugin(tmp.resolve("work")).submit(missing).await().atMost(Duration.ofSeconds(30)));
        assertEquals("NOTEBOOK_NOT_FOUND", gone.error().code());
    }

    /** What registration's store check records for the task. */
    private static FieldErrors validateStored(TaskTemplate task, FileStore store) {
        FieldErrors errors = new FieldErrors();
        new NotebookPlugin().validateStored(task, Fixtures.config(task.config()), store, errors).await().atMost(Duration.ofSeconds(30));
        return errors;
    }

    @Test
    void aStoredNotebookIsReadAndCheckedAtRegistrationWithoutEchoingIt(@TempDir Path tmp) throws Exception {
        FileStore store = new FileStore(tmp);
        Files.createDirectories(tmp.resolve("nb"));
        Files.writeString(tmp.resolve("nb/report.ipynb"), python(tagged("parameters", "alpha = 1\n")).toString());
        Files.writeString(tmp.resolve("nb/text.ipynb"), "token=s3cr3t, not JSON");
        Files.writeString(tmp.resolve("nb/array.ipynb"), "[1, 2]");
        FieldErrors missingParameter = validateStored(task("{'alpha': 'integer', 'beta': 'string'}", null,
                json("{'notebookUri': '" + store.uri("nb/report.ipynb") + "'}")), store);
        assertEquals(List.of("interface.inputs.beta"), missingParameter.list().stream().map(FieldError::path).toList());
        Fixtures.assertContains(missingParameter.list().get(0).message(), "config.notebookUri.cells[0]");
        assertTrue(validateStored(task("{'alpha': 'integer'}", null, json("{'notebookUri': '" + store.uri("nb/report.ipynb")
                + "'}")), store).isEmpty());
        for (String bad : List.of("nb/gone.ipynb", "nb/text.ipynb", "nb/array.ipynb")) {
            FieldErrors errors = validateStored(task("{}", null, json("{'notebookUri': '" + store.uri(bad) + "'}")), store);
            assertEquals(List.of("config.notebookUri"), errors.list().stream().map(FieldError::path).toList(), bad);
            assertTrue(!errors.toString().contains("s3cr3t"), errors::toString);
        }
    }

    @Test
    void notANotebookAndBadFieldsAreRefusedWithTheirPaths() {
        FieldErrors errors = validate(task(null, null, json("{'notebook': {'nbformat': 3, 'cells': {}}, 'files': 'copy'}")));
        List<String> paths = errors.list().stream().map(FieldError::path).toList();
        assertTrue(paths.containsAll(List.of("config.files", "config.notebook.nbformat", "config.notebook.cells")), paths::toString);
    }
}
