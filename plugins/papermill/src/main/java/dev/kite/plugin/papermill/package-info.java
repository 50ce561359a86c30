/**
 * The task type {@code notebook} ({@link dev.kite.plugin.papermill.NotebookPlugin}): a Jupyter
 * notebook parameterized as papermill does ({@code Notebook}, {@code Translator}), checked against
 * the task's interface ({@code NotebookChecks}), executed by nbclient in a child process
 * ({@code Executor}, the script {@code kite_notebook_runner.py}), its outputs and the executed
 * notebook turned into a task status ({@code Outcome}). User guide: {@code src/docs/notebook-tasks.md}.
 */
package dev.kite.plugin.papermill;
