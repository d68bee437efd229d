"""``scene.info``: what is in the scene, in enough detail for an agent to edit it."""

import bpy

from .. import compat
from .values import matrix_rows, to_json, vec

# Node properties that are plumbing, not settings an artist changes.
_SKIPPED_NODE_PROPS = {
    "rna_type", "type", "location", "width", "width_hidden", "height", "dimensions", "name", "label",
    "inputs", "outputs", "internal_links", "parent", "use_custom_color", "color", "select", "show_options",
    "show_preview", "hide", "mute", "show_texture", "bl_idname", "bl_label", "bl_description", "bl_icon",
    "bl_static_type", "bl_width_default", "bl_width_min", "bl_width_max", "bl_height_default",
    "bl_height_min", "bl_height_max", "is_active_output", "texture_mapping", "color_mapping", "image_user",
    "interface", "warning_propagation", "color_tag", "description",
}


def _shape_keys(obj):
    data = getattr(obj, "data", None)
    keys = getattr(data, "shape_keys", None) if data is not None else None
    if keys is None:
        return None
    return [{"name": kb.name, "value": float(kb.value), "min": float(kb.slider_min), "max": float(kb.slider_max)}
            for kb in keys.key_blocks]


def _geometry_nodes(obj):
    mods = [m for m in obj.modifiers if m.type == "NODES"]
    if not mods:
        return None
    result = []
    for mod in mods:
        inputs = []
        for identifier, name, socket_type in compat.group_inputs(mod.node_group):
            value = compat.modifier_input(mod, identifier)
            inputs.append({"identifier": identifier, "name": name, "type": socket_type, "value": to_json(value)})
        result.append({"modifier": mod.name, "nodeGroup": mod.node_group.name if mod.node_group else None,
                       "inputs": inputs})
    return result


def _object(obj):
    info = {
        "name": obj.name,
        "type": obj.type,
        "parent": obj.parent.name if obj.parent else None,
        "location": vec(obj.location),
        "rotationEuler": vec(obj.rotation_euler),
        "scale": vec(obj.scale),
        "matrixWorld": matrix_rows(obj.matrix_world),
        "visible": not obj.hide_render,
        "materials": [slot.material.name for slot in obj.material_slots if slot.material],
        "collections": [c.name for c in obj.users_collection],
        "modifiers": [{"name": m.name, "type": m.type, "render": bool(m.show_render)} for m in obj.modifiers],
    }
    keys = _shape_keys(obj)
    if keys is not None:
        info["shapeKeys"] = keys
    nodes = _geometry_nodes(obj)
    if nodes is not None:
        info["geometryNodes"] = nodes
    return info


def _camera(obj):
    cam = obj.data
    return {"name": obj.name, "lens": float(cam.lens), "sensorWidth": float(cam.sensor_width), "type": cam.type,
            "matrixWorld": matrix_rows(obj.matrix_world)}


def _light(obj):
    light = obj.data
    kind = light.type
    size = None
    if kind in ("POINT", "SPOT"):
        size = float(getattr(light, "shadow_soft_size", 0.0))
    elif kind == "AREA":
        size = float(light.size)
    return {
        "name": obj.name,
        "type": kind,
        "color": vec(light.color),
        "energy": float(light.energy),
        "size": size,
        "angle": float(light.angle) if kind == "SUN" else None,
        "spotSize": float(light.spot_size) if kind == "SPOT" else None,
        "matrixWorld": matrix_rows(obj.matrix_world),
    }


def _node(node):
    inputs = []
    for sock in node.inputs:
        entry = {"identifier": sock.identifier, "name": sock.name, "type": sock.bl_idname, "linked": sock.is_linked}
        if hasattr(sock, "default_value") and not sock.is_linked:
            entry["value"] = to_json(sock.default_value)
        inputs.append(entry)
    properties = {}
    for prop in node.bl_rna.properties:
        ident = prop.identifier
        if ident in _SKIPPED_NODE_PROPS or (prop.type == "POINTER" and ident != "node_tree"):
            continue
        if prop.type == "COLLECTION":
            continue
        try:
            properties[ident] = to_json(getattr(node, ident))
        except AttributeError:
            continue
    if node.bl_idname == "ShaderNodeValToRGB":  # color ramp stops are what artists edit
        ramp = node.color_ramp
        properties["color_ramp"] = {"interpolation": ramp.interpolation,
                                    "elements": [{"position": float(e.position), "color": vec(e.color)}
                                                 for e in ramp.elements]}
    return {"name": node.name, "type": node.bl_idname, "label": node.label, "inputs": inputs,
            "properties": properties}


def _material(mat):
    tree = mat.node_tree if mat.use_nodes else None
    return {
        "name": mat.name,
        "useNodes": bool(mat.use_nodes),
        "nodes": [_node(n) for n in tree.nodes] if tree else [],
        "links": [{"fromNode": l.from_node.name, "fromSocket": l.from_socket.identifier,
                   "toNode": l.to_node.name, "toSocket": l.to_socket.identifier} for l in tree.links] if tree else [],
    }


def _collections(scene):
    """The scene's collections below its master one, depth first."""
    found = []

    def walk(coll, parent):
        for child in coll.children:
            found.append({"name": child.name, "parent": parent, "objects": len(child.objects),
                          "children": len(child.children)})
            walk(child, child.name)

    walk(scene.collection, None)
    return found


def scene_info(params):
    scene = bpy.context.scene
    objects = sorted(scene.objects, key=lambda o: o.name)
    names = params.get("names")
    missing = []
    if names is not None:
        by_name = {o.name: o for o in objects}
        missing = [n for n in names if n not in by_name]
        shown = [by_name[n] for n in names if n in by_name]
        used = {slot.material.name for o in shown for slot in o.material_slots if slot.material}
        materials = [m for m in bpy.data.materials if m.name in used]
    else:
        offset = int(params.get("offset", 0))
        shown = objects[offset:offset + int(params.get("limit", 500))]
        materials = list(bpy.data.materials)
    return {
        "scene": scene.name,
        "file": bpy.data.filepath,
        "frame": scene.frame_current,
        "activeCamera": scene.camera.name if scene.camera else None,
        "objects": [_object(o) for o in shown],
        "totalObjects": len(objects),
        "cameras": [_camera(o) for o in objects if o.type == "CAMERA"],
        "lights": [_light(o) for o in objects if o.type == "LIGHT"],
        "materials": [_material(m) for m in sorted(materials, key=lambda m: m.name)]
        if params.get("materials", True) else [],
        "materialNames": sorted(m.name for m in bpy.data.materials),
        "collections": _collections(scene),
        "missing": missing,
    }
