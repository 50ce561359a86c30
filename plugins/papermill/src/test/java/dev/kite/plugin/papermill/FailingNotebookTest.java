package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.assertContains;
import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.inline;
import static dev.kite.plugin.papermill.Fixtures.notebook;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.tagged;
import static dev.kite.plugin.papermill.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/** A failing cell is the task's fault, with papermill's details; a broken kernel is the system's. */
class FailingNotebookTest {

    @TempDir
    Path tmp;

    @Test
    void aRaisingThirdCellFailsAsUserErrorWithItsIndexExceptionAndTracebackAndTheNotebookIsKept() throws Exception {
        FileStore store = new FileStore(tmp);
        TaskTemplate task = task("{'limit': 'integer'}", null, inline(python(
                tagged("parameters", "limit = 1\n"),
                code("values = list(range(limit))"),
                code("def check(v):\n    raise ValueError(f'limit {len(v)} is too small')\n\ncheck(values)"),
                code("print('never runs')"))));
        Fixtures.Context ctx = Fixtures.Context.of(task, "{'limit': 2}", store);

        TaskStatus status = Fixtures.runToEnd(Fixtures.plugin(tmp.resolve("work")), ctx);

        assertEquals(TaskStatus.Phase.FAILED, status.phase());
        TaskError e = status.error();
        assertEquals(ErrorKind.USER, e.kind());
        assertFalse(e.recoverable());
        assertEquals("NOTEBOOK_CELL_FAILED", e.code());
        // cell 2 as written (0-based, markdown included); In [4]: the injected cell ran as In [2], as with papermill
        assertTrue(e.message().startsWith("cell 2 (In [4]) raised ValueError: limit 2 is too small\n"), e.message());
        assertContains(e.message(), "check(values)"); // the traceback, with the failing line
        assertContains(e.message(), "----> 2     raise ValueError");
        assertFalse(e.message().contains("\u001b["), "ANSI colour codes are stripped");
        Path executed = Path.of(URI.create(ctx.rawOutputPrefix() + "executed.ipynb"));
        Path html = Path.of(URI.create(ctx.rawOutputPrefix() + "executed.html"));
        assertContains(e.message(), "executed notebook: " + URI.create(ctx.rawOutputPrefix() + "executed.ipynb"));
        assertContains(e.message(), "HTML: " + URI.create(ctx.rawOutputPrefix() + "executed.html"));

        JsonNode nb = Fixtures.MAPPER.readTree(Files.readString(executed));
        List<JsonNode> cells = nb.get("cells").valueStream().toList();
        assertEquals(List.of("papermill-error-cell-tag"), Notebook.tags(cells.get(0)), "a notice at the top");
        JsonNode failed = cells.stream().filter(c -> Notebook.source(c).contains("check(values)")).findFirst().orElseThrow();
        assertTrue(failed.at("/metadata/papermill/exception").booleanValue(), failed::toString);
        assertEquals("ValueError", failed.at("/outputs/0/ename").asText());
        JsonNode last = cells.get(cells.size() - 1);
        assertEquals(0, last.get("outputs").size(), "the cells after the failing one do not run");
        assertContains(Files.readString(html), "limit 2 is too small");
    }

    @Test
    void aKernelThatDiesIsARecoverableSystemError() throws Exception {
        FileStore store = new FileStore(tmp);
        TaskTemplate task = task(null, null, inline(python(code("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))));
        TaskStatus status = Fixtures.runToEnd(Fixtures.plugin(tmp.resolve("work")), Fixtures.Context.of(task, "{}", store));
        assertEquals(TaskStatus.Phase.FAILED, status.phase());
        assertEquals(ErrorKind.SYSTEM, status.error().kind());
        assertTrue(status.error().recoverable());
        assertEquals("NOTEBOOK_KERNEL_DIED", status.error().code(), status.error().message());
        assertContains(status.error().message(), "cell 0");
    }

    @Test
    void aMissingKernelIsARecoverableSystemError() throws Exception {
        FileStore store = new FileStore(tmp);
        TaskTemplate task = task(null, null, inline(notebook("no-such-kernel", "python", code("1 + 1"))));
        TaskStatus status = Fixtures.runToEnd(Fixtures.plugin(tmp.resolve("work")), Fixtures.Context.of(task, "{}", store));
        assertEquals(TaskStatus.Phase.FAILED, status.phase());
        assertEquals(ErrorKind.SYSTEM, status.error().kind());
        assertTrue(status.error().recoverable());
        assertEquals("NOTEBOOK_NO_KERNEL", status.error().code(), status.error().message());
        assertContains(status.error().message(), "no-such-kernel");
    }
}
