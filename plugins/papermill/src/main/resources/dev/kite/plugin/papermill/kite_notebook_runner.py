"""Runs one parameterized notebook for Kite's notebook task type, with nbclient or papermill.

Usage: python3 kite_notebook_runner.py NOTEBOOK OUT_DIR KERNEL_NAME WORKING_DIR
           [--executor auto|nbclient|papermill] [--uploads URLS_JSON] [--termination-log PATH]

--executor: papermill if importable (auto, the default) or always (papermill: missing is an error,
status no_papermill), else nbclient. The parameters are injected by Kite already either way.
--uploads (in a pod): a JSON object of signed PUT URLs by file name (executed.ipynb,
executed.html, result.json, progress.json); each file is uploaded when written, result.json last.
--termination-log (in a pod): a short report {"notebook": {"status": ..., "stored": true}} is
written there (the whole result, cut to fit, when result.json could not be uploaded), and the
exit code is 0 for ok, 1 otherwise.

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
import importlib
import json
import os
import re
import sys
import time
import traceback
import urllib.request

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


def render_html(nb, out_dir):
    """executed.html (nbconvert); the problem, or None."""
    try:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        write_atomic(os.path.join(out_dir, "executed.html"), body)
        return None
    except Exception as e:  # noqa: BLE001 -- the notebook is kept even when its rendering fails
        return "%s: %s" % (type(e).__name__, e)


def parse_args(argv):
    positional, options = [], {"executor": "auto", "uploads": None, "termination-log": None}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--") and argv[i][2:] in options and i + 1 < len(argv):
            options[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            positional.append(argv[i])
            i += 1
    if len(positional) != 4 or options["executor"] not in ("auto", "nbclient", "papermill"):
        sys.exit("usage: kite_notebook_runner.py NOTEBOOK OUT_DIR KERNEL WORKING_DIR [--executor auto|nbclient|papermill]"
                 " [--uploads URLS_JSON] [--termination-log PATH]")
    return positional, options


class Uploads:
    """Signed PUT URLs by file name (a pod hands its files back through them); none locally."""

    def __init__(self, path):
        self.urls = {}
        if path:
            with open(path, encoding="utf-8") as f:
                self.urls = json.load(f)
        self.problems = []

    def put(self, name, path, tries=3, quiet=False):
        url = self.urls.get(name)
        if not url or not os.path.exists(path):
            return False
        with open(path, "rb") as f:
            body = f.read()
        for attempt in range(tries):
            try:
                req = urllib.request.Request(url, data=body, method="PUT")
                with urllib.request.urlopen(req, timeout=60) as answer:
                    if answer.status < 300:
                        return True
            except Exception as e:  # noqa: BLE001 -- reported in the result, never fatal to the run
                problem = "%s: %s" % (type(e).__name__, e)
                if attempt == tries - 1 and not quiet:
                    self.problems.append("uploading %s failed: %s" % (name, problem))
                time.sleep(1 + attempt * 2)
        return False


def choose_executor(choice):
    """papermill's module for auto (when importable) and papermill; None for nbclient."""
    if choice == "nbclient":
        return None
    try:
        return importlib.import_module("papermill")
    except ImportError as e:
        if choice == "papermill":
            raise
        return None


def run_nbclient(nb, kernel, cwd, on_start, on_executed):
    # no per-cell timeout: the attempt's timeout applies (Kite kills the tree); a kernel may start slowly on a busy host
    client = NotebookClient(nb, kernel_name=kernel, timeout=None, startup_timeout=300, allow_errors=False,
                            resources={"metadata": {"path": cwd}},
                            on_cell_start=on_start, on_cell_executed=on_executed)
    client.execute()
    return nb


def run_papermill(pm, notebook, executed, kernel, cwd):
    """papermill.execute_notebook on the notebook Kite parameterized; it marks a failing cell itself."""
    return pm.execute_notebook(notebook, executed, kernel_name=kernel, cwd=cwd, progress_bar=False, log_output=False,
                               start_timeout=300, request_save_on_cell_execute=True)


def cell_failure(nb, index, e):
    cell = nb.cells[index]
    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
    result = {"status": "cell_error", "index": index, "executionCount": cell.get("execution_count"),
              "ename": error.get("ename") if error else getattr(e, "ename", type(e).__name__),
              "evalue": error.get("evalue") if error else getattr(e, "evalue", str(e)),
              "traceback": ANSI.sub("", "\n".join(error.get("traceback", [])) if error else str(e))}
    result["injectedIndex"] = next((i for i, c in enumerate(nb.cells) if "injected-parameters" in tags(c)), -1)
    return result


def execute(nb, notebook, executed, kernel, cwd, choice, on_start, on_executed):
    """Runs the notebook; returns (the executed notebook, the result without outputs)."""
    try:
        pm = choose_executor(choice)
    except ImportError as e:
        return nb, {"status": "no_papermill", "executor": "papermill",
                    "message": "kite.notebook.executor=papermill, but %s cannot import papermill: %s" % (sys.executable, e)}
    name = "papermill" if pm else "nbclient"
    nb.metadata.setdefault("kite", {})["executor"] = name
    result = {"status": "ok", "executor": name}
    try:
        if pm:
            nbformat.write(nb, executed)
            nb = run_papermill(pm, executed, executed, kernel, cwd)
        else:
            nb = run_nbclient(nb, kernel, cwd, on_start, on_executed)
    except CellExecutionError as e:
        result.update(cell_failure(nb, on_start.state["index"], e))
        mark_failure(nb, on_start.state["index"])
    except DeadKernelError as e:
        result = {"status": "kernel_died", "executor": name, "message": ANSI.sub("", str(e)), "index": on_start.state["index"]}
    except Exception as e:  # noqa: BLE001 -- every other failure is the executor's, reported as such
        if type(e).__name__ == "PapermillExecutionError":
            nb = nbformat.read(executed, as_version=4)  # papermill wrote it with its error markers
            result.update({"status": "cell_error", "index": e.cell_index, "executionCount": e.exec_count,
                           "ename": e.ename, "evalue": e.evalue, "traceback": ANSI.sub("", "\n".join(e.traceback)),
                           "injectedIndex": next((i for i, c in enumerate(nb.cells)
                                                  if "injected-parameters" in tags(c)), -1)})
        else:
            no_kernel = type(e).__name__ == "NoSuchKernel"
            result = {"status": "no_kernel" if no_kernel else "executor_error", "executor": name,
                      "message": ANSI.sub("", "%s: %s" % (type(e).__name__, e)),
                      "traceback": ANSI.sub("", traceback.format_exc())}
    return nb, result


def main():
    (notebook, out_dir, kernel, cwd), options = parse_args(sys.argv[1:])
    uploads = Uploads(options["uploads"])
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(cwd, exist_ok=True)
    nb = nbformat.read(notebook, as_version=4)
    spec = nb.metadata.get("kernelspec")
    if isinstance(spec, dict) and "name" in spec and "display_name" not in spec:
        spec["display_name"] = spec["name"]  # nbformat's schema (and so nbconvert) wants both
    executed = os.path.join(out_dir, "executed.ipynb")
    progress = os.path.join(out_dir, "progress.json")
    started = time.time()
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    injected = next((i for i, c in enumerate(nb.cells) if "injected-parameters" in tags(c)), -1)

    def on_start(cell, cell_index, **_):
        on_start.state["index"] = cell_index
        cell.metadata.setdefault("papermill", {}).update({"status": "running", "start_time": now_iso()})
        write_atomic(progress, json.dumps({
            "index": cell_index, "cells": len(nb.cells), "injected": injected,
            "code": code.index(cell_index) + 1 if cell_index in code else None, "codeCells": len(code),
            "executionStartedAt": started, "cellStartedAt": time.time()}))
        uploads.put("progress.json", progress, tries=1, quiet=True)

    on_start.state = {"index": None}

    def on_executed(cell, cell_index, **_):
        meta = cell.metadata.setdefault("papermill", {})
        meta.update({"status": "completed", "end_time": now_iso(), "exception": False})
        write_atomic(executed, nbformat.writes(nb))

    # on SIGTERM (Kite deleted the pod: a timeout, an abort) nbclient shuts the kernel down and the
    # run ends as below: the notebook as far as it ran is stored within the pod's grace period
    nb, result = execute(nb, notebook, executed, kernel, cwd, options["executor"], on_start, on_executed)
    write_atomic(executed, nbformat.writes(nb))
    problem = render_html(nb, out_dir)
    if problem:
        result["htmlProblem"] = problem
    if result["status"] == "ok":
        values = records()
        cell_values, problem = outputs_of(nb)
        if problem:
            result["outputsProblem"] = problem
        values.update(cell_values or {})
        result["outputs"] = values
    uploads.put("executed.ipynb", executed)
    uploads.put("executed.html", os.path.join(out_dir, "executed.html"))
    if uploads.problems:
        result["uploadProblem"] = "; ".join(uploads.problems)
    result_file = os.path.join(out_dir, "result.json")
    write_atomic(result_file, json.dumps(result, allow_nan=False, default=str))
    stored = uploads.put("result.json", result_file)
    if options["termination-log"]:
        report_in_pod(result, options["termination-log"], stored)


# Kubernetes keeps at most 4096 bytes of a termination message; leave room for the JSON around the result
POD_REPORT_BYTES = 3800


def report_in_pod(result, path, stored):
    """In a pod: a short report (or, when result.json was not stored, the result cut to fit) as the
    container's termination message, and the exit code as the pod's phase."""
    if stored:
        report = {k: result[k] for k in ("status", "executor", "index", "ename", "evalue", "uploadProblem") if k in result}
        report["stored"] = True
    else:
        report = {k: v for k, v in result.items() if k != "htmlProblem"}

    def text():
        return json.dumps({"notebook": report}, allow_nan=False, default=str)

    for key in ("traceback", "message", "evalue", "uploadProblem"):
        while len(text().encode("utf-8")) > POD_REPORT_BYTES and len(report.get(key) or "") > 200:
            report[key] = "..." + report[key][-(len(report[key]) // 2):]
    if len(text().encode("utf-8")) > POD_REPORT_BYTES and "outputs" in report:
        report.pop("outputs")
        report["outputsProblem"] = ("the outputs are larger than a termination message holds (%d bytes), and"
                                    " uploading them failed: %s" % (POD_REPORT_BYTES, result.get("uploadProblem")))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text())
    sys.exit(0 if result["status"] == "ok" else 1)


if __name__ == "__main__":
    main()
