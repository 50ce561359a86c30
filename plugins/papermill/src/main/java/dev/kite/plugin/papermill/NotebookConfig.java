package dev.kite.plugin.papermill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of a {@code notebook} task. See {@code src/docs/notebook-tasks.md}.
 *
 * @param notebook    the notebook itself, inline: the JSON of an {@code .ipynb} file (nbformat 4)
 * @param notebookUri where the notebook is in Kite's data store ({@code file:///...}, {@code s3://...});
 *                    read at registration and again at every attempt. Exactly one of {@code notebook} and {@code notebookUri}.
 * @param files       how {@code blob} and {@code dataset} inputs reach the notebook: {@code path}
 *                    (default: downloaded next to the notebook, the parameter is the local path) or
 *                    {@code uri} (the parameter is the value's URI, for code that reads the store itself)
 * @param kernel      the kernel to run; default the notebook's {@code metadata.kernelspec.name}, else
 *                    {@code python3}
 * @param executor    what runs it: {@code auto} (papermill if the Python imports it, else nbclient),
 *                    {@code nbclient} or {@code papermill}; default {@code kite.notebook.executor}
 */
public record NotebookConfig(JsonNode notebook, String notebookUri, String files, String kernel, String executor) {

    /** {@link #executor} values. */
    static final java.util.List<String> EXECUTORS = java.util.List.of("auto", "nbclient", "papermill");

    /** {@link #files} values. */
    static final String FILES_PATH = "path";
    static final String FILES_URI = "uri";

    /** Whether blob and dataset inputs are passed as URIs rather than downloaded. */
    boolean filesAsUris() {
        return FILES_URI.equals(files);
    }
}
