"""What each kind of data-block contributes: its parameters and the statements that set them.

Only values an artist would change and a program can set back exactly are written:
transforms and visibility, light and camera settings, world and material node input
values and links, shape-key values, geometry-nodes inputs and modifier settings.
"""

import bpy

from .. import compat
from .literals import degrees_literal, literal, shortest

# Modifier settings that are user interface, identity or read-only in practice.
_SKIPPED_MODIFIER_PROPS = {
    "rna_type", "name", "type", "show_expanded", "show_in_editmode", "show_on_cage", "is_active",
    "use_pin_to_last", "is_override_data_editable", "use_apply_on_spline", "execution_time",
    "persistent_uid", "debug_options", "show_group_selector", "show_manage_panel", "open_output_attributes_panel",
    "open_named_attributes_panel", "open_bake_panel", "open_warnings_panel", "bake_target", "bake_directory",
    "show_viewport", "show_render",
}
_SCALAR_TYPES = {"BOOLEAN", "INT", "FLOAT", "ENUM"}


def _q(name):
    return repr(name)


def object_transform(program, obj):
    g = program.group("%s (%s)" % (obj.name, obj.type.lower()))
    g.say("ob = bpy.data.objects[%s]" % _q(obj.name))
    g.say("ob.location = %s" % g.parameter((obj.name, "location"), literal(tuple(obj.location))))
    mode = obj.rotation_mode
    if mode == "QUATERNION":
        g.say("ob.rotation_quaternion = %s"
              % g.parameter((obj.name, "rotation"), literal(tuple(obj.rotation_quaternion)), "quaternion w, x, y, z"))
    elif mode == "AXIS_ANGLE":
        g.say("ob.rotation_axis_angle = %s"
              % g.parameter((obj.name, "rotation"), literal(tuple(obj.rotation_axis_angle)), "angle, axis x, y, z"))
    else:
        name = g.parameter((obj.name, "rotation"), degrees_literal(obj.rotation_euler), "degrees, %s order" % mode)
        g.say("ob.rotation_euler = [math.radians(a) for a in %s]" % name)
    g.say("ob.scale = %s" % g.parameter((obj.name, "scale"), literal(tuple(obj.scale))))
    g.say("ob.hide_render = %s" % g.parameter((obj.name, "hide_render"), literal(bool(obj.hide_render))))
    g.say("ob.hide_viewport = %s" % g.parameter((obj.name, "hide_viewport"), literal(bool(obj.hide_viewport))))
    if obj.type == "LIGHT":
        _light(program.group("%s: light %s" % (obj.name, obj.data.name)), obj)
    elif obj.type == "CAMERA":
        _camera(program.group("%s: camera %s" % (obj.name, obj.data.name)), obj)
    _shape_keys(program, obj)
    _modifiers(program, obj)


def _set_all(g, owner_name, ref, owner, props):
    """Parameters for the RNA properties ``props`` of ``owner`` (reached through ``ref``)."""
    g.say("data = %s" % ref)
    for prop in props:
        value = literal(getattr(owner, prop))
        if value is not None:
            g.say("data.%s = %s" % (prop, g.parameter((owner_name, prop), value)))


def _light(g, obj):
    light = obj.data
    props = ["type", "color", "energy"]
    props += {"POINT": ["shadow_soft_size"], "SPOT": ["shadow_soft_size", "spot_size", "spot_blend"],
              "SUN": ["angle"], "AREA": ["shape", "size"]}.get(light.type, [])
    if light.type == "AREA" and light.shape in ("RECTANGLE", "ELLIPSE"):
        props.append("size_y")
    _set_all(g, obj.name, "bpy.data.lights[%s]" % _q(light.name), light, props)


def _camera(g, obj):
    cam = obj.data
    props = ["ortho_scale"] if cam.type == "ORTHO" else ["lens"]
    _set_all(g, obj.name, "bpy.data.cameras[%s]" % _q(cam.name), cam, props)


def _shape_keys(program, obj):
    keys = getattr(getattr(obj, "data", None), "shape_keys", None)
    if keys is None:
        return
    blocks = [kb for kb in keys.key_blocks if kb != keys.reference_key]
    if not blocks:
        return
    g = program.group("%s: shape keys" % obj.name)
    g.say("keys = bpy.data.objects[%s].data.shape_keys.key_blocks" % _q(obj.name))
    for kb in blocks:
        name = g.parameter((obj.name, kb.name), shortest(kb.value), "%s to %s" % (
            shortest(kb.slider_min), shortest(kb.slider_max)))
        g.say("keys[%s].value = %s" % (_q(kb.name), name))


def _input_assignment(mod, identifier):
    """The statement setting a geometry-nodes input, or None if it is not a value to tune.

    Up to 4.x inputs live in ID properties, and a vector must be set in place: a tuple
    assigned whole becomes a double array, which Blender resets to the default the next
    time the file is opened; 3.x keeps booleans as ints. From 5.0 they are typed RNA values.
    """
    value = compat.modifier_input(mod, identifier)
    target = compat.modifier_input_target(mod, "mod", identifier)
    if hasattr(value, "to_list"):  # an ID property array
        text = literal(tuple(value.to_list()), single=value.typecode == "f")
        return (target + "[:] = ", text) if text else None
    if isinstance(value, (bool, int, float)):
        return target + " = ", literal(value, single=False)
    if value is not None and not isinstance(value, str) and hasattr(value, "__len__"):  # an RNA array (5.0+)
        text = literal(tuple(value))
        return (target + " = ", text) if text else None
    return None  # an object, collection, material, image or string input


def _modifiers(program, obj):
    for mod in obj.modifiers:
        g = program.group("%s: modifier %s (%s)" % (obj.name, mod.name, mod.type.lower()))
        g.say("mod = bpy.data.objects[%s].modifiers[%s]" % (_q(obj.name), _q(mod.name)))
        for prop in ("show_viewport", "show_render"):
            g.say("mod.%s = %s" % (prop, g.parameter((obj.name, mod.name, prop), literal(bool(getattr(mod, prop))))))
        if mod.type == "NODES":
            set_any = False
            for identifier, label, _ in compat.group_inputs(mod.node_group):
                assignment = _input_assignment(mod, identifier)
                if assignment is None:
                    continue
                target, value = assignment
                g.say(target + g.parameter((obj.name, label), value, label))
                set_any = True
            if set_any:
                # ID properties do not tell the depsgraph they changed.
                g.say("bpy.data.objects[%s].update_tag()" % _q(obj.name))
            continue
        for prop in mod.bl_rna.properties:
            ident = prop.identifier
            if ident in _SKIPPED_MODIFIER_PROPS or prop.is_readonly or prop.type not in _SCALAR_TYPES:
                continue
            if prop.type == "ENUM" and prop.is_enum_flag:
                continue
            if getattr(prop, "array_dimensions", (0, 0))[1] != 0:
                continue
            value = literal(getattr(mod, ident))
            if value is not None:
                g.say("mod.%s = %s" % (ident, g.parameter((obj.name, mod.name, ident), value)))


def _socket_key(sockets, socket):
    """A socket's name when no other socket of the node shares it, else its index."""
    same = [s for s in sockets if s.name == socket.name]
    return _q(socket.name) if len(same) == 1 else str(list(sockets).index(socket))


def node_tree(program, title, owner_name, tree_ref, tree):
    """Unlinked input values of every node, and the links, of a material's or world's tree."""
    g = program.group(title)
    g.say("nodes = %s.nodes" % tree_ref)
    for node in tree.nodes:
        for sock in node.inputs:
            if sock.is_linked or not sock.enabled or getattr(sock, "hide_value", False):
                continue
            if not hasattr(sock, "default_value"):
                continue
            value = literal(_plain(sock.default_value))
            if value is None:
                continue
            name = g.parameter((owner_name, node.name, sock.name), value)
            g.say("socket(nodes[%s].inputs, %s).default_value = %s" % (
                _q(node.name), _socket_key(node.inputs, sock), name))
            program.needs_node_helpers = True
    links = [l for l in tree.links if l.is_valid]
    if links:
        program.needs_node_helpers = True
        g.say("tree = %s" % tree_ref)
        for l in links:
            g.say("link(tree, %s, %s, %s, %s)" % (
                _q(l.from_node.name), _socket_key(l.from_node.outputs, l.from_socket),
                _q(l.to_node.name), _socket_key(l.to_node.inputs, l.to_socket)))


def _plain(value):
    """A socket default as a bool, number, string or tuple of numbers (None for data-blocks)."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bpy.types.ID):
        return None
    try:
        return tuple(value)
    except TypeError:
        return None


def material(program, mat):
    title = "material %s" % mat.name
    ref = "bpy.data.materials[%s]" % _q(mat.name)
    if mat.use_nodes and mat.node_tree is not None:
        node_tree(program, title, mat.name, ref + ".node_tree", mat.node_tree)
    else:
        _set_all(program.group(title), mat.name, ref, mat, ["diffuse_color", "metallic", "roughness"])


def world(program, w):
    title = "world %s" % w.name
    ref = "bpy.data.worlds[%s]" % _q(w.name)
    g = program.group(title)
    _set_all(g, w.name, ref, w, ["color"])
    if w.use_nodes and w.node_tree is not None:
        node_tree(program, title + " (nodes)", w.name, ref + ".node_tree", w.node_tree)
