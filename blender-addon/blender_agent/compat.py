"""Where the Blender versions the add-on runs on (3.4 to 5.x) differ: the one place that asks.

Callers use these functions and never test versions themselves. Each says which versions
do what, so dropping an old Blender is deleting a branch here.
"""

# Our render engine names to this Blender's identifiers, tried in order: EEVEE is
# BLENDER_EEVEE_NEXT in 4.2-4.4 and BLENDER_EEVEE before and after.
ENGINE_IDENTIFIERS = {
    "WORKBENCH": ("BLENDER_WORKBENCH",),
    "EEVEE": ("BLENDER_EEVEE_NEXT", "BLENDER_EEVEE"),
    "CYCLES": ("CYCLES",),
}


def set_engine(render, name):
    """Set our engine `name` on `render`; the identifier this Blender took, or None if it has no such engine."""
    for ident in ENGINE_IDENTIFIERS.get(name, ()):
        try:
            render.engine = ident  # the enum is filled at run time, so trying is the reliable test
            return ident
        except TypeError:
            continue
    return None


def group_inputs(group):
    """(identifier, name, socket type) of a geometry-node group's inputs.

    4.0 moved a group's sockets from group.inputs to group.interface.items_tree."""
    if group is None:
        return []
    interface = getattr(group, "interface", None)
    if interface is not None and hasattr(interface, "items_tree"):
        return [(item.identifier, item.name, getattr(item, "socket_type", ""))
                for item in interface.items_tree
                if getattr(item, "item_type", "") == "SOCKET" and item.in_out == "INPUT"]
    return [(s.identifier, s.name, s.bl_socket_idname) for s in group.inputs]


def _input_structs(mod):
    """5.0+: the modifier's inputs as RNA (mod.properties.inputs.<identifier>.value); None before."""
    return getattr(getattr(mod, "properties", None), "inputs", None)


def modifier_input(mod, identifier):
    """The value a geometry-nodes modifier gives one group input, or None where it holds none.

    Up to 4.x the values are ID properties of the modifier (mod["Socket_2"]); 5.0 made them RNA
    properties (mod.properties.inputs.Socket_2.value) and refuses the ID-property form."""
    structs = _input_structs(mod)
    if structs is not None:
        return getattr(getattr(structs, identifier, None), "value", None)
    return mod[identifier] if identifier in mod.keys() else None


def modifier_input_target(mod, mod_name, identifier):
    """The expression a program assigns to, to set that input on this Blender (see modifier_input)."""
    if _input_structs(mod) is not None:
        if identifier.isidentifier():
            return "%s.properties.inputs.%s.value" % (mod_name, identifier)
        return "getattr(%s.properties.inputs, %r).value" % (mod_name, identifier)
    return "%s[%r]" % (mod_name, identifier)

