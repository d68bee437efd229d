"""``program.run``: run a program against the current scene."""

from ..transport.jsonrpc import require
from .program_exec import run_code


def program_run(params):
    stdout, ms = run_code(require(params, "code", str))
    return {"ok": True, "stdout": stdout, "runMs": ms}
