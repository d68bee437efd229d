"""``worker.evaluate``: the agent loop's hot path in one request.

Reset to a loaded scene, run the candidate program, render the views. The reset makes
every candidate start from the same state, whatever the previous one did.
"""

import time

from ..transport.jsonrpc import require
from .program_exec import run_code
from .render import render_views, require_views


def make_evaluate(states):
    def evaluate(params):
        code = require(params, "code", str)
        views = require_views(params)
        start = time.perf_counter()
        states.reset(params.get("sceneId"))
        reset_ms = (time.perf_counter() - start) * 1000.0
        stdout, program_ms = run_code(code)
        rendered = render_views(views, params.get("settings") or {})
        return {
            "images": rendered["images"],
            "engine": rendered["engine"],
            "stdout": stdout,
            "timing": {"resetMs": reset_ms, "programMs": program_ms, "renderMs": rendered["renderMs"],
                       "totalMs": (time.perf_counter() - start) * 1000.0},
        }

    return evaluate
