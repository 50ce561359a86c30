package dev.kite.plugin.papermill;

/**
 * The persisted handle of a running notebook: the executor process on this host.
 *
 * @param pid           the executor's process id
 * @param started       the process's start time (ISO-8601), to tell it from a later process that
 *                      got the same id; null where the OS does not say
 * @param dir           the attempt's working folder
 * @param injectedIndex where the injected-parameters cell went, to count cells as the user wrote them
 */
public record NotebookHandle(long pid, String started, String dir, int injectedIndex) {
}
