"""Runs one parameterized notebook for Kite's notebook task type, with nbclient.

Usage: python3 kite_notebook_runner.py NOTEBOOK OUT_DIR KERNEL_NAME WORKING_DIR [TERMINATION_LOG]

With TERMINATION_LOG (in a pod) the result is also written there as {"notebook": result}, cut to
fit a termination message, and the exit code is 0 for ok, 1 otherwise.

Writes into OUT_DIR:
  progress.json   the cell being run (rewritten as each cell starts)
  executed.ipynb  the notebook as executed so far (after every cell, and at the end)
  executed.html   its HTML rendering (nbconvert), at the end, also when a cell failed
  result.json     written last: status ok | cell_error | kernel_died | no_kernel | executor_error,
                  the failing cell's details, and the outputs found
Outputs: the result of the cell tagged "outputs" (a dict) and the values recorded with
kite.record(name=value) (a JSON-lines file named by KITE_RECORD_FILE); the cell's values win.
"""
import ast
import datetime
import json
import os
import re
import sys
import time
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def tags(cell):
    return list(cell.get("metadata", {}).get("tags", []))


def outputs_of(nb):
    """The dict the cell tagged outputs ends with, and a problem (or None)."""
    for index, cell in enumerate(nb.cells):
        if "outputs" not in tags(cell) or cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") != "execute_result":
                continue
            data = out.get("data", {})
            if "application/json" in data:
                value = data["application/json"]
            else:
                try:
                    value = ast.literal_eval(data.get("text/plain", ""))
                except (ValueError, SyntaxError):
                    return None, "the result of the cell tagged outputs (cell %d) is not a literal dict: %s" % (
                        index, data.get("text/plain", "")[:200])
            if not isinstance(value, dict):
                return None, "the cell tagged outputs (cell %d) must end with a dict expression, got %s" % (
                    index, type(value).__name__)
            return value, None
        return None, "the cell tagged outputs (cell %d) has no result: end it with an expression such as {'name': value}" % index
    return {}, None


def records():
    path = os.environ.get("KITE_RECORD_FILE")
    values = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    entry = json.loads(line)
                    values[entry["name"]] = entry["value"]
    return values


def mark_failure(nb, index):
    """Like papermill: the failing cell is marked and a notice at the top links to it."""
    cell = nb.cells[index]
    cell.metadata.setdefault("papermill", {}).update({"exception": True, "status": "failed"})
    cell.metadata.setdefault("tags", [])
    count = cell.get("execution_count")
    notice = nbformat.v4.new_markdown_cell(
        source='<span style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;">'
               'An Exception was encountered at \'<a href="#papermill-error-cell">In [%s]</a>\'.</span>' % count)
    notice.metadata["tags"] = ["papermill-error-cell-tag"]
    anchor = nbformat.v4.new_markdown_cell(
        source='<span id="papermill-error-cell" style="color:red; font-family:Helvetica Neue, Helvetica, Arial, '
               'sans-serif; font-size:2em;">Execution using papermill encountered an exception here and stopped:</span>')
    anchor.metadata["tags"] = ["papermill-error-cell-tag"]
    if nb.nbformat_minor >= 5:
        notice["id"] = "papermill-error-notice"
        anchor["id"] = "papermill-error-anchor"
    else:
        notice.pop("id", None)
        anchor.pop("id", None)
    nb.cells.insert(index, anchor)
    nb.cells.insert(0, notice)


def main():
    notebook, out_dir, kernel, cwd = sys.argv[1:5]
    termination_log = sys.argv[5] if len(sys.argv) > 5 else None  # set in a pod (kite.notebook.mode=kubernetes)
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(cwd, exist_ok=True)
    nb = nbformat.read(notebook, as_version=4)
    spec = nb.metadata.get("kernelspec")
    if isinstance(spec, dict) and "name" in spec and "display_name" not in spec:
        spec["display_name"] = spec["name"]  # nbformat's schema (and so nbconvert) wants both
    executed = os.path.join(out_dir, "executed.ipynb")
    started = time.time()
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    state = {"index": None}

    def on_start(cell, cell_index, **_):
        state["index"] = cell_index
        cell.metadata.setdefault("papermill", {}).update({"status": "running", "start_time": now_iso()})
        write_atomic(os.path.join(out_dir, "progress.json"), json.dumps({
            "index": cell_index, "cells": len(nb.cells),
            "code": code.index(cell_index) + 1 if cell_index in code else None, "codeCells": len(code),
            "executionStartedAt": started, "cellStartedAt": time.time()}))

    def on_executed(cell, cell_index, **_):
        meta = cell.metadata.setdefault("papermill", {})
        meta.update({"status": "completed", "end_time": now_iso(), "exception": False})
        write_atomic(executed, nbformat.writes(nb))

    result = {"status": "ok"}
    # no per-cell timeout: the attempt's timeout applies (Kite kills the tree); a kernel may start slowly on a busy host
    client = NotebookClient(nb, kernel_name=kernel, timeout=None, startup_timeout=300, allow_errors=False,
                            resources={"metadata": {"path": cwd}},
                            on_cell_start=on_start, on_cell_executed=on_executed)
    try:
        client.execute()
    except CellExecutionError as e:
        index = state["index"]
        cell = nb.cells[index]
        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        result = {"status": "cell_error", "index": index, "executionCount": cell.get("execution_count"),
                  "ename": error.get("ename") if error else getattr(e, "ename", type(e).__name__),
                  "evalue": error.get("evalue") if error else getattr(e, "evalue", str(e)),
                  "traceback": ANSI.sub("", "\n".join(error.get("traceback", [])) if error else str(e))}
        result["injectedIndex"] = next((i for i, c in enumerate(nb.cells) if "injected-parameters" in tags(c)), -1)
        mark_failure(nb, index)
    except DeadKernelError as e:
        result = {"status": "kernel_died", "message": ANSI.sub("", str(e)), "index": state["index"]}
    except Exception as e:  # noqa: BLE001 -- every other failure is the executor's, reported as such
        no_kernel = type(e).__name__ == "NoSuchKernel"
        result = {"status": "no_kernel" if no_kernel else "executor_error",
                  "message": ANSI.sub("", "%s: %s" % (type(e).__name__, e)),
                  "traceback": ANSI.sub("", traceback.format_exc())}
    write_atomic(executed, nbformat.writes(nb))
    try:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        write_atomic(os.path.join(out_dir, "executed.html"), body)
    except Exception as e:  # noqa: BLE001 -- the notebook is kept even when its rendering fails
        result["htmlProblem"] = "%s: %s" % (type(e).__name__, e)
    if result["status"] == "ok":
        values = records()
        cell_values, problem = outputs_of(nb)
        if problem:
            result["outputsProblem"] = problem
        values.update(cell_values or {})
        result["outputs"] = values
    write_atomic(os.path.join(out_dir, "result.json"), json.dumps(result, allow_nan=False, default=str))
    if termination_log:
        report_in_pod(result, termination_log)


# Kubernetes keeps at most 4096 bytes of a termination message; leave room for the JSON around the result
POD_REPORT_BYTES = 3800


def report_in_pod(result, path):
    """In a pod: the result as the container's termination message, and the exit code as the pod's phase."""
    report = {k: v for k, v in result.items() if k != "htmlProblem"}

    def text():
        return json.dumps({"notebook": report}, allow_nan=False, default=str)

    for key in ("traceback", "message"):
        while len(text().encode("utf-8")) > POD_REPORT_BYTES and len(report.get(key) or "") > 200:
            report[key] = "..." + report[key][-(len(report[key]) // 2):]
    if len(text().encode("utf-8")) > POD_REPORT_BYTES and "outputs" in report:
        report.pop("outputs")
        report["outputsProblem"] = ("the outputs are larger than a termination message holds (%d bytes):"
                                    " write large values to a file and return it as a blob output" % POD_REPORT_BYTES)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text())
    sys.exit(0 if result["status"] == "ok" else 1)


if __name__ == "__main__":
    main()
