"""``program.run`` and ``program.analyze``."""

import tokenize

from ..analysis.python_literals import find_literals
from ..errors import RpcError
from ..transport.jsonrpc import require
from .program_exec import compile_program, run_code


def program_run(params):
    timeout_ms = params.get("timeoutMs")
    timeout = timeout_ms / 1000.0 if isinstance(timeout_ms, (int, float)) and not isinstance(timeout_ms, bool) and timeout_ms > 0 else None
    stdout, ms = run_code(require(params, "code", str), timeout=timeout)
    return {"ok": True, "stdout": stdout, "runMs": ms}


def program_analyze(params):
    """Check a program's syntax without running it, and list its numeric literals."""
    code = require(params, "code", str)
    try:
        compile_program(code, "<program>")
    except RpcError as exc:
        return {"syntaxError": exc.data, "literals": []}
    try:
        literals = find_literals(code)
    except (SyntaxError, tokenize.TokenError):  # compile accepted it; tokenize is stricter only on odd inputs
        literals = []
    return {"syntaxError": None, "literals": literals}
