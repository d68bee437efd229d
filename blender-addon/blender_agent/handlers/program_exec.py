"""Run a Python program in a fresh namespace and report failures in the program's terms.

Only this module's ``run_code`` executes foreign code. A syntax error is found by
``compile`` before anything runs. Tracebacks keep only the program's own frames (and
what it called), with line numbers that refer to the program text.
"""

import contextlib
import io
import linecache
import time
import traceback

import bpy
import mathutils

from .. import limits
from ..deadline import ProgramTimeout, run_with_deadline
from .. import errors
from ..errors import RpcError

STDOUT_LIMIT = 64 * 1024


def _truncate(text):
    return text if len(text) <= STDOUT_LIMIT else text[:STDOUT_LIMIT] + "\n[... output truncated]"


def compile_program(code, filename):
    """Compile or raise ProgramSyntax; the scene is not touched."""
    try:
        return compile(code, filename, "exec")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        text = (getattr(exc, "text", None) or "").rstrip("\n")
        offset = getattr(exc, "offset", None) or 0
        detail = '  File "%s", line %s\n    %s\n    %s^\n%s: %s\n' % (
            filename, line, text, " " * max(offset - 1, 0), type(exc).__name__, getattr(exc, "msg", str(exc)))
        raise RpcError(errors.PROGRAM_SYNTAX, "%s at line %s: %s" % (type(exc).__name__, line, getattr(exc, "msg", exc)),
                       {"type": type(exc).__name__, "message": str(getattr(exc, "msg", exc)), "line": line,
                        "traceback": detail})


def run_code(code, filename="<program>", timeout=None, compiled=None, names=None):
    """Execute ``code``; returns (stdout, milliseconds). Raises RpcError on failure.

    With ``timeout`` (seconds) a program still running past it is stopped (see
    ``deadline``) and reported as a Timeout; whatever it changed is the caller's to undo.
    ``compiled`` is ``code`` already through ``compile_program`` (a caller that checks
    the syntax before touching the scene need not compile twice). ``names`` are added to
    the program's namespace.
    """
    if compiled is None:
        compiled = compile_program(code, filename)
    # Let tracebacks show the program's source lines.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = {"__name__": "__main__", "__file__": filename, "bpy": bpy, "mathutils": mathutils, **(names or {})}
    out = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out):
            if timeout is None:
                exec(compiled, namespace)
            else:
                run_with_deadline(lambda: exec(compiled, namespace), timeout)
    except ProgramTimeout as exc:
        line = _last_program_line(exc.__traceback__, filename)
        raise RpcError(errors.TIMEOUT, "the program ran past its deadline of %.1f s and was stopped%s"
                       % (timeout, " (at line %d)" % line if line else ""),
                       {"line": line, "stdout": _truncate(out.getvalue())})
    except MemoryError:
        raise RpcError(errors.OUT_OF_MEMORY, limits.out_of_memory_message("the program"),
                       {"stdout": _truncate(out.getvalue())})
    except BaseException as exc:  # SystemExit too: a program must not end Blender politely either
        tb = _from_program(exc.__traceback__, filename)  # drop the frames that ran it (this one, the deadline's)
        lines = traceback.format_exception(type(exc), exc, tb)
        line = _last_program_line(tb, filename)
        raise RpcError(errors.PROGRAM_RAISED, "%s: %s%s" % (type(exc).__name__, exc, " (line %d)" % line if line else ""),
                       {"type": type(exc).__name__, "message": str(exc), "line": line,
                        "traceback": "".join(lines), "stdout": _truncate(out.getvalue())})
    return _truncate(out.getvalue()), (time.perf_counter() - start) * 1000.0


def _from_program(tb, filename):
    """The traceback from the program's first frame on (all of it if the program has none)."""
    start = tb
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return tb if tb is not None else start


def _last_program_line(tb, filename):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
