"""Which Blender property each numeric literal of a program is assigned to.

The offline search tunes a program's numbers. A number means little on its own: 2.0 may
be a light's energy (never negative), a sun's angle (0 to 180 degrees, in radians), an
array modifier's count (an integer of at least 1) or a colour channel. Blender knows, in
each property's RNA: its type, subtype, unit and hard and soft limits. To learn which
property a literal reaches, the program runs once on the loaded scene with each literal
replaced by a tagged number (a float or int that remembers its literal), and each
assignment to an attribute or an item, and each ``setattr``, first notes the property it
writes and the tagged numbers in the value. A literal combined with another number, or
passed through a function other than ``radians``/``degrees``, loses its tag and is left
undescribed; the caller then falls back to what the literal's name says.
"""

import ast
import copy
import math

import bpy

# Components of mathutils values by name: `obj.location.x` is element 0 of `location`.
_COMPONENTS = {"x": 0, "y": 1, "z": 2, "w": 3, "r": 0, "g": 1, "b": 2, "h": 0, "s": 1, "v": 2}
_QUATERNION = {"w": 0, "x": 1, "y": 2, "z": 3}


class _Tagged:
    """A number that came from literal ``literal`` of the program, as literal * factor + offset.

    Negation, and adding or multiplying by a plain number, keep the tag (`-1.5`, `X * 0.5`,
    `radians(X)` through ``__convert__``), so the literal's limits can be carried back
    through them; anything else gives a plain number.
    """

    def _derive(self, value, factor, offset):
        return _tagged(value, self.literal, factor, offset)

    def _plain(self):
        return (int if isinstance(self, int) else float)(self)

    def __neg__(self):
        return self._derive(-self._plain(), -self.factor, -self.offset)

    def __pos__(self):
        return self

    def __add__(self, other):
        if not _plain_number(other):
            return self._plain() + other
        return self._derive(self._plain() + other, self.factor, self.offset + other)

    __radd__ = __add__

    def __sub__(self, other):
        if not _plain_number(other):
            return self._plain() - other
        return self._derive(self._plain() - other, self.factor, self.offset - other)

    def __rsub__(self, other):
        if not _plain_number(other):
            return other - self._plain()
        return self._derive(other - self._plain(), -self.factor, other - self.offset)

    def __mul__(self, other):
        if not _plain_number(other):
            return self._plain() * other
        return self._derive(self._plain() * other, self.factor * other, self.offset * other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if not _plain_number(other) or other == 0:
            return self._plain() / other
        return self._derive(self._plain() / other, self.factor / other, self.offset / other)


class _TaggedFloat(_Tagged, float):
    pass


class _TaggedInt(_Tagged, int):
    pass


def _plain_number(x):
    return type(x) in (int, float)


class _TaggedStr(str):
    """A string that came from literal ``literal`` of the program (an enum's item, perhaps).

    Any operation on it gives a plain string, so only the literal itself, passed along
    unchanged, is traced.
    """

    factor, offset = 1.0, 0.0


def _tagged(value, literal, factor=1.0, offset=0.0):
    if isinstance(value, str):
        tagged = _TaggedStr(value)
        tagged.literal = literal
        return tagged
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    tagged = _TaggedInt(value) if isinstance(value, int) else _TaggedFloat(value)
    tagged.literal, tagged.factor, tagged.offset = literal, factor, offset
    return tagged


def _convert(function, value):
    """`radians(X)` and `degrees(X)`, keeping X's tag."""
    result = function(value)
    if isinstance(value, _Tagged) and function in (math.radians, math.degrees):
        k = math.radians(1.0) if function is math.radians else math.degrees(1.0)
        return value._derive(result, value.factor * k, value.offset * k)
    return result


def _tags(value, index):
    """Each tagged number in an assigned value, with its element index."""
    if isinstance(value, (_Tagged, _TaggedStr)):
        return [(value, index)]
    if isinstance(value, (tuple, list)) and index is None:
        return [(v, i) for i, v in enumerate(value) if isinstance(v, _Tagged)]
    return []


def _finite(x):
    return x if x == x and abs(x) != float("inf") else None


def _describe_rna(owner, prop):
    kind = prop.type.lower()
    target = {"property": "%s.%s" % (owner.bl_rna.identifier, prop.identifier), "type": kind,
              "subtype": prop.subtype, "unit": getattr(prop, "unit", "NONE"), "hardMin": None, "hardMax": None,
              "softMin": None, "softMax": None}
    if prop.type in ("FLOAT", "INT"):
        target.update(hardMin=_finite(prop.hard_min), hardMax=_finite(prop.hard_max),
                      softMin=_finite(prop.soft_min), softMax=_finite(prop.soft_max))
    if prop.type == "ENUM" and not prop.is_enum_flag:
        # The items of this owner (a light's type lists its own; a dynamic enum may list none here).
        target["choices"] = [item.identifier for item in prop.enum_items]
    return target


def _describe_idprop(owner, key):
    """A custom property (and a geometry-nodes modifier input up to Blender 4.x): its UI data."""
    try:
        ui = owner.id_properties_ui(key).as_dict()
        value = owner[key]
    except (TypeError, KeyError, AttributeError, RuntimeError):
        return None
    first = value[0] if hasattr(value, "__len__") and len(value) else value
    kind = "int" if isinstance(first, int) and not isinstance(first, bool) else "float"
    return {"property": '%s["%s"]' % (owner.bl_rna.identifier, key), "type": kind,
            "subtype": ui.get("subtype", "NONE") or "NONE", "unit": "NONE",
            "hardMin": _finite(ui["min"]) if "min" in ui else None,
            "hardMax": _finite(ui["max"]) if "max" in ui else None,
            "softMin": _finite(ui["soft_min"]) if "soft_min" in ui else None,
            "softMax": _finite(ui["soft_max"]) if "soft_max" in ui else None}


def _describe(owner, name):
    """The property ``name`` of ``owner`` (an RNA property or a custom one), or None."""
    if not isinstance(owner, bpy.types.bpy_struct) or not isinstance(name, str):
        return None
    prop = owner.bl_rna.properties.get(name)
    if prop is not None:
        return _describe_rna(owner, prop)
    return _describe_idprop(owner, name)


class _Notes:
    """What each literal was assigned to: every target seen, merged by ``targets``."""

    def __init__(self, count):
        self.seen = [[] for _ in range(count)]

    def note(self, owner_of, name_of, value, parent_of=None, parent_name=None):
        """Before `owner.name = value` (or `owner[name] = value`) runs.

        ``owner_of`` and ``name_of`` evaluate the target's parts; when the owner is not
        an RNA struct (a Vector, a property array), ``parent_of``/``parent_name`` give the
        property it belongs to, and ``name`` is then the element (an index or `x`).
        """
        try:
            owner, name = owner_of(), name_of()
            target, index = _describe(owner, name), None
            if target is None and parent_of is not None:
                index = _element(owner, name)
                target = _describe(parent_of(), parent_name) if index is not None else None
            tags = _tags(value, index)
            if target is None or not tags:
                return
            for tagged, element in tags:
                if 0 <= tagged.literal < len(self.seen) and tagged.factor != 0:
                    self.seen[tagged.literal].append(_in_literal_units(target, tagged, element))
        except Exception:  # noqa: BLE001  a target it cannot read is only left undescribed
            return

    def setattr(self, owner, name, value):
        """The builtin, noted like an assignment (the task programs' node helpers use it)."""
        self.note(lambda: owner, lambda: name, value)
        setattr(owner, name, value)

    def targets(self):
        return [_merge(seen) if seen else None for seen in self.seen]


def _in_literal_units(target, tagged, element):
    """The property's limits as limits on the literal (property = literal * factor + offset)."""
    described = dict(target, index=element, scale=tagged.factor)
    for low, high in (("hardMin", "hardMax"), ("softMin", "softMax")):
        a, b = [None if target[k] is None else (target[k] - tagged.offset) / tagged.factor for k in (low, high)]
        described[low], described[high] = (a, b) if tagged.factor > 0 else (b, a)
    return described


def _element(owner, name):
    if isinstance(name, int) and not isinstance(name, bool):
        return int(name)
    if isinstance(name, str) and len(name) == 1:
        table = _QUATERNION if type(owner).__name__ == "Quaternion" else _COMPONENTS
        return table.get(name)
    return None


def _merge(seen):
    """One description of a literal assigned to several properties: the first, within every one's limits."""
    merged = dict(seen[0])
    for other in seen[1:]:
        for bound, pick in (("hardMin", max), ("softMin", max), ("hardMax", min), ("softMax", min)):
            values = [v for v in (merged[bound], other[bound]) if v is not None]
            merged[bound] = pick(values) if values else None
    if merged["index"] is None or any(s["index"] != merged["index"] for s in seen):
        merged.pop("index")
    if "choices" in merged:  # a string set to several enums may take only the items they share
        shared = [c for c in merged["choices"] if all(c in s.get("choices", ()) for s in seen)]
        if shared:
            merged["choices"] = shared
        else:
            merged.pop("choices")
    return merged


class _Instrument(ast.NodeTransformer):
    """Tags each literal at a known position and notes every assignment to an attribute or an item."""

    def __init__(self, positions, signed):
        self.positions = positions  # (line, UTF-8 column) -> literal number
        self.signed = signed  # literal numbers whose text has its unary minus

    def visit_UnaryOp(self, node):
        operand = node.operand
        literal = self.positions.get((operand.lineno, operand.col_offset)) if isinstance(operand, ast.Constant) else None
        if isinstance(node.op, ast.USub) and literal in self.signed:
            return ast.copy_location(_call("__literal__", [node, ast.Constant(literal)]), node)
        self.generic_visit(node)
        return node

    def visit_Constant(self, node):
        literal = self.positions.get((node.lineno, node.col_offset))
        if literal is None or isinstance(node.value, bool) or not isinstance(node.value, (int, float, str)):
            return node
        return ast.copy_location(_call("__literal__", [node, ast.Constant(literal)]), node)

    def visit_match_case(self, node):
        """Only a case's guard and body: its pattern's constants must stay constants."""
        node.guard = node.guard and self.visit(node.guard)
        body = [self.visit(statement) for statement in node.body]
        node.body = [s for result in body for s in (result if isinstance(result, list) else [result])]
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in ("radians", "degrees") and len(node.args) == 1 and not node.keywords:
            return ast.copy_location(_call("__convert__", [func, node.args[0]]), node)
        return node

    def visit_Assign(self, node):
        self.generic_visit(node)
        value = ast.Name("__assigned__", ast.Load())
        notes = []
        for target in node.targets:
            if isinstance(target, (ast.Attribute, ast.Subscript)):
                notes.append((_note_call(target), value))
            elif isinstance(target, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in target.elts):
                # `ramp[0].position, color = STOPS[0]`: each element of the value to its own target
                notes += [(_note_call(e), _call("__item__", [value, ast.Constant(i)]))
                          for i, e in enumerate(target.elts) if isinstance(e, (ast.Attribute, ast.Subscript))]
        if not notes:
            return node
        stored = ast.Assign(targets=[ast.Name("__assigned__", ast.Store())], value=node.value)
        for call, item in notes:
            call.args.insert(2, item)
        node.value = value
        statements = [stored] + [ast.Expr(call) for call, _ in notes] + [node]
        return [ast.fix_missing_locations(ast.copy_location(s, node)) for s in statements]


def _item(value, index):
    """An element of an assigned sequence, for its note, read by index (an iterator is not consumed); None if none."""
    try:
        return value[index]
    except Exception:  # noqa: BLE001  a value that cannot be indexed is only left unnoted
        return None


def _call(name, args):
    return ast.Call(func=ast.Name(name, ast.Load()), args=args, keywords=[])


def _thunk(expr):
    """`lambda: expr`, over a copy of a part of an assignment target (which reads, not writes)."""
    arguments = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                              defaults=[])
    return ast.Lambda(args=arguments, body=copy.deepcopy(expr))


def _note_call(target):
    """`__note__(lambda: owner, lambda: name, [value], lambda: parent, "parent_name")` for one target."""
    name = ast.Constant(target.attr) if isinstance(target, ast.Attribute) else target.slice
    args = [_thunk(target.value), _thunk(name)]
    if isinstance(target.value, ast.Attribute):  # `a.loc.x`, `a.loc[1]`: the property is `loc` of `a`
        args += [_thunk(target.value.value), ast.Constant(target.value.attr)]
    return _call("__note__", args)


def instrument(code, positions, signed=frozenset()):
    """``code`` compiled with the literals at ``positions`` tagged and its assignments noted
    (those in ``signed`` include their unary minus, as `-1.5`).

    Returns the code object, the names it needs in its namespace, and the notes it fills.
    """
    tree = _Instrument(positions, signed).visit(ast.parse(code, "<program>"))
    ast.fix_missing_locations(tree)
    notes = _Notes(max(positions.values(), default=-1) + 1)
    names = {"__literal__": _tagged, "__convert__": _convert, "__note__": notes.note, "__item__": _item,
             "setattr": notes.setattr}
    return compile(tree, "<program>", "exec"), names, notes
