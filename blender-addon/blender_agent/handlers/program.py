"""``program.run`` and ``program.analyze``."""

import tokenize

from .. import errors
from ..analysis.assignment_targets import instrument
from ..analysis.python_literals import find_literals
from ..errors import RpcError
from ..transport.jsonrpc import require
from .program_exec import compile_program, run_code

# A program traced for its targets runs like a candidate; one that runs longer is left undescribed.
TRACE_TIMEOUT_S = 20.0


def program_run(params):
    timeout_ms = params.get("timeoutMs")
    timeout = timeout_ms / 1000.0 if isinstance(timeout_ms, (int, float)) and not isinstance(timeout_ms, bool) and timeout_ms > 0 else None
    stdout, ms = run_code(require(params, "code", str), timeout=timeout)
    return {"ok": True, "stdout": stdout, "runMs": ms}


def make_program_analyze(states):
    """``states`` (a worker's loaded scenes) lets it trace a program on one; None in the live role."""

    def program_analyze(params):
        """Check a program's syntax, list its numeric literals and, given a loaded scene
        (``sceneId``), the Blender property each one is assigned to, and the string literals
        that set an enum property (``enums``)."""
        code = require(params, "code", str)
        scene_id = params.get("sceneId")
        if scene_id is not None and states is None:
            raise RpcError(errors.INVALID_PARAMS, "sceneId: the live role does not trace programs on a loaded scene")
        try:
            compile_program(code, "<program>")
        except RpcError as exc:
            return {"syntaxError": exc.data, "literals": []}
        # Strings matter only when traced: only then can one be told to set an enum.
        positions, strings = [], [] if scene_id is not None else None
        try:
            literals = find_literals(code, positions, strings)
        except (SyntaxError, tokenize.TokenError):  # compile accepted it; tokenize is stricter only on odd inputs
            literals, strings = [], []
        if scene_id is None or not (literals or strings):
            return {"syntaxError": None, "literals": literals}
        targets = _trace(states, scene_id, code, literals, positions, strings)
        for literal, target in zip(literals, targets):
            literal["target"] = target
        enums = [_enum(literal, target) for (literal, _, _), target in zip(strings, targets[len(literals):])
                 if target is not None and target.get("choices")]
        return {"syntaxError": None, "literals": literals, "enums": enums}

    return program_analyze


def _trace(states, scene_id, code, literals, positions, strings):
    """Run ``code`` on a fresh copy of the scene with its values (not its indices) tagged:
    one target (or None) per numeric literal, then one per string literal."""
    wanted = {pos: i for i, (pos, literal) in enumerate(zip(positions, literals)) if not literal["inSubscript"]}
    signed = {i for i in wanted.values() if literals[i]["text"].startswith("-")}
    wanted.update({pos: len(literals) + j for j, (_, pos, _) in enumerate(strings)})
    compiled, names, notes = instrument(code, wanted, signed)
    states.reset(scene_id)
    try:
        run_code(code, compiled=compiled, names=names, timeout=TRACE_TIMEOUT_S)
    except RpcError:
        pass  # the program failed part-way: what it assigned before that is still known
    targets = notes.targets()
    return targets + [None] * (len(literals) + len(strings) - len(targets))


def _enum(literal, target):
    """A string literal that sets an enum property, as ``EnumLiteral`` describes it."""
    keys = ("start", "end", "text", "value", "line", "name", "depth")
    return dict({k: literal[k] for k in keys}, property=target["property"], choices=target["choices"])
