"""Numeric literals of a Python program, found with Python's own tokenizer.

The offline proposer edits programs by changing their numbers; it needs to know exactly
where each number is (strings and comments that look like numbers are not numbers) and
what it belongs to: the name assigned on its line, its place in a tuple, whether it is
an index. Offsets count UTF-16 code units, as JavaScript strings do.
"""

import ast
import io
import keyword
import re
import tokenize

# After these tokens a "-" is a sign, not a subtraction.
_SIGN_CONTEXT_OPS = {"(", "[", "{", ",", "=", ":", "+", "-", "*", "/", "**", "%", "<", ">", "==", "!=", "<=", ">=",
                     "+=", "-=", "*=", "/=", "->", "@"}
_LINE_BREAKS = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
# Python 3.12+ tokenizes f-strings into parts; numbers inside them are text, not values.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
# Keywords that open a compound statement: after its top-level ":" a new statement may follow.
_HEADERS = {"if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class", "async"}


def _utf16_offsets(code):
    """For each line, a function from a code-point column to an absolute UTF-16 offset."""
    starts, total = [], 0
    # The lines as the tokenizer reads them (split at "\n" only): str.splitlines() would also
    # split at form feeds, "\x85", "\u2028" and the like, shifting every row after them.
    lines = io.StringIO(code).readlines() or [""]
    for line in lines:
        starts.append((total, line))
        total += len(line.encode("utf-16-le")) // 2

    def offset(row, col):
        base, line = starts[row - 1] if row - 1 < len(starts) else (total, "")
        return base + len(line[:col].encode("utf-16-le")) // 2
    return offset


def _value(text):
    cleaned = text.replace("_", "")
    lowered = cleaned.lower()
    if lowered.endswith("j"):
        return None  # complex numbers are not tunable values
    if lowered.startswith(("0x", "0o", "0b")):
        return int(cleaned, 0), "int"
    if any(c in lowered for c in ".e") and not lowered.startswith("0x"):
        return float(cleaned), "float"
    return int(cleaned), "int"


class _Group:
    """An open bracket: its kind and how many top-level commas it has seen so far."""

    def __init__(self, kind):
        self.kind = kind  # "tuple", "call", "list", "subscript", "dict"
        self.commas = 0
        self.members = []  # literals directly inside, to learn the group's size at its close


def _bracket_kind(char, previous):
    follows_value = previous is not None and (
        (previous.type == tokenize.NAME and not keyword.iskeyword(previous.string))
        or previous.string in (")", "]", "}")
        or previous.type == tokenize.STRING
        or (_FSTRING_END is not None and previous.type == _FSTRING_END))
    if char == "(":
        return "call" if follows_value else "tuple"
    if char == "[":
        return "subscript" if follows_value else "list"
    return "dict"


def find_literals(code, positions=None, strings=None):
    """Every int and float literal in ``code``, in order. Raises SyntaxError or tokenize.TokenError.

    ``positions``, a list, receives each literal's number token as Python's ``ast`` places
    it: (line, column in UTF-8 bytes). ``strings``, a list, receives each plain string
    literal outside an index (no f- or byte strings, none joined to its neighbour, as
    `"a" "b"`) as a pair: the literal, described like a number's, and its position.
    """
    offset = _utf16_offsets(code)
    literals, groups = [], []
    line_tokens = []  # significant tokens of the current simple statement
    previous = None
    in_fstring = 0
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type in _LINE_BREAKS or tok.type == tokenize.COMMENT:
            if tok.type == tokenize.NEWLINE:
                line_tokens = []
            continue
        if _FSTRING_START is not None and tok.type in (_FSTRING_START, _FSTRING_END):
            in_fstring += 1 if tok.type == _FSTRING_START else -1
        elif in_fstring:
            pass
        elif tok.type == tokenize.OP and (tok.string == ";" or (
                tok.string == ":" and not groups and line_tokens and line_tokens[0].string in _HEADERS)):
            line_tokens = []  # a new statement starts: `A = 1; B = 2`, `else: X = 3`
            previous = tok
            continue
        elif tok.type == tokenize.OP and tok.string in "([{":
            groups.append(_Group(_bracket_kind(tok.string, previous)))
        elif tok.type == tokenize.OP and tok.string in ")]}" and groups:
            group = groups.pop()
            trailing_comma = previous is not None and previous.type == tokenize.OP and previous.string == ","
            size = group.commas + (0 if trailing_comma else 1) if group.members else 0
            for literal in group.members:
                literal["groupSize"] = size
        elif tok.type == tokenize.OP and tok.string == "," and groups:
            groups[-1].commas += 1
        elif tok.type == tokenize.NUMBER:
            parsed = _value(tok.string)
            if parsed is not None:
                literals.append(_literal(tok, parsed, previous, line_tokens, groups, offset))
                if positions is not None:
                    positions.append(_position(tok))
        elif tok.type == tokenize.STRING and strings is not None:
            if previous is not None and previous.type == tokenize.STRING:
                if strings and strings[-1][2] is previous:
                    strings.pop()  # joined to this one: neither is a literal of its own
            else:
                value = _string_value(tok.string)
                if value is not None and not any(g.kind == "subscript" for g in groups):
                    literal = _literal(tok, (value, "string"), None, line_tokens, groups, offset)
                    strings.append((literal, _position(tok), tok))
        line_tokens.append(tok)
        previous = tok
    return literals


def _position(tok):
    """Where Python's ``ast`` places the token: (line, column in UTF-8 bytes)."""
    return tok.start[0], len(tok.line[:tok.start[1]].encode("utf-8"))


def _string_value(text):
    """A plain string token's value; None for f-strings and byte strings."""
    prefix = re.match(r"[A-Za-z]*", text).group().lower()
    if "f" in prefix or "b" in prefix:
        return None
    return ast.literal_eval(text)


def _literal(tok, parsed, previous, line_tokens, groups, offset):
    value, kind = parsed
    start = offset(*tok.start)
    text = tok.string
    before_sign = line_tokens[-2] if len(line_tokens) >= 2 else None
    if previous is not None and previous.string == "-" and previous is line_tokens[-1] and (
            before_sign is None or before_sign.string in _SIGN_CONTEXT_OPS
            or (before_sign.type == tokenize.NAME and keyword.iskeyword(before_sign.string))):
        start = offset(*previous.start)
        value = -value
        text = "-" + text if previous.end == tok.start else "- " + text
    literal = {
        "start": start,
        "end": offset(*tok.end),
        "text": text,
        "value": value,
        "kind": kind,
        "line": tok.start[0],
        # The name assigned on this line (NAME = ... or NAME: type = ...), if any.
        "name": _assigned_name(line_tokens),
        "group": groups[-1].kind if groups else None,
        "groupIndex": groups[-1].commas if groups else None,
        "groupSize": None,
        "inSubscript": any(g.kind == "subscript" for g in groups),
        "depth": len(groups),
        # Its place in each bracket around it, outermost first: (0.4, (0.02, 0.12, 0.2)) gives 0.12 [1, 1].
        "path": [g.commas for g in groups],
    }
    if groups:
        groups[-1].members.append(literal)
    return literal


def _assigned_name(line_tokens):
    if len(line_tokens) >= 2 and line_tokens[0].type == tokenize.NAME and line_tokens[1].string in ("=", ":"):
        return line_tokens[0].string
    return None
