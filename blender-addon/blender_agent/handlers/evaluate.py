"""``worker.evaluate``: the agent loop's hot path in one request.

Compile the candidate program, reset to a loaded scene, run it, render the views (and,
asked for ``visibility``, how much of each object they see: see ``visibility``). The
reset makes every candidate start from the same state, whatever the previous one did;
a program with a syntax error fails before the reset, in the one compile it gets.
"""

import time

from ..transport.jsonrpc import require
from .program_exec import compile_program, run_code
from .render import render_views, require_views
from .visibility import Visibility


def make_evaluate(states):
    def evaluate(params):
        code = require(params, "code", str)
        views = require_views(params)
        start = time.perf_counter()
        compiled = compile_program(code, "<program>")
        states.reset(params.get("sceneId"))
        reset_ms = (time.perf_counter() - start) * 1000.0
        stdout, program_ms = run_code(code, compiled=compiled)
        visibility = Visibility() if params.get("visibility") is True else None
        rendered = render_views(views, params.get("settings") or {}, visibility)
        result = {
            "images": rendered["images"],
            "engine": rendered["engine"],
            "stdout": stdout,
            "timing": {"resetMs": reset_ms, "programMs": program_ms, "renderMs": rendered["renderMs"],
                       "totalMs": (time.perf_counter() - start) * 1000.0},
        }
        if visibility is not None:
            result["visibility"] = visibility.report()
        return result

    return evaluate
