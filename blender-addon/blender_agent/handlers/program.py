"""``program.run``: run a program against the current scene."""

from ..transport import errors
from ..transport.errors import RpcError
from .program_exec import run_code


def program_run(params):
    code = params.get("code")
    if not isinstance(code, str):
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'code' must be a string")
    stdout, ms = run_code(code)
    return {"ok": True, "stdout": stdout, "runMs": ms}
