"""Kite's helper for notebooks run as tasks: record the task's outputs.

    import kite
    kite.record(rows=len(df), mean=float(df.x.mean()))

Each value must be JSON-serializable (str, int, float, bool, None, list, dict); Kite coerces it
to the output's declared type. Recording a name again replaces its value.
"""
import json
import math
import os

__all__ = ["record"]


def record(**values):
    """Records outputs by name for the task that runs this notebook."""
    path = os.environ.get("KITE_RECORD_FILE")
    if not path:
        raise RuntimeError("kite.record works in a notebook that Kite runs (KITE_RECORD_FILE is not set)")
    lines = []
    for name, value in values.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("output %r is %r: JSON has no such number" % (name, value))
        lines.append(json.dumps({"name": name, "value": value}, allow_nan=False) + "\n")
    with open(path, "a", encoding="utf-8") as f:
        f.writelines(lines)
