"""``worker.evaluate``: the agent loop's hot path in one request.

Reset to a loaded scene, run the candidate program, render the views. The reset makes
every candidate start from the same state, whatever the previous one did.
"""

import time

from ..transport import errors
from ..transport.errors import RpcError
from .program_exec import run_code
from .render import render_views


def make_evaluate(states):
    def evaluate(params):
        code = params.get("code")
        if not isinstance(code, str):
            raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'code' must be a string")
        views = params.get("views")
        if not isinstance(views, list) or not views:
            raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'views' must be a non-empty list")
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
