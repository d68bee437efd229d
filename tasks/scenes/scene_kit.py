"""Helpers every scene builder may use; the task loader runs this before the builder.

A builder starts from an empty file (no default cube, camera or light). Everything it
makes must be deterministic: fixed numbers, seeded randomness only.
"""

import math
import random

import bmesh
import bpy
from mathutils import Euler, Matrix, Vector


def setup_scene(background=(0.05, 0.05, 0.06), world_strength=1.0, workbench_color="OBJECT"):
    """World, color management and Workbench look shared by every task scene."""
    scene = bpy.context.scene
    scene.view_settings.view_transform = "Standard"  # the same look on Blender 3.x and 4.x
    scene.view_settings.look = "None"
    world = bpy.data.worlds.new("World")
    world.use_nodes = True
    bg = world.node_tree.nodes["Background"]
    bg.inputs["Color"].default_value = (*background, 1.0)
    bg.inputs["Strength"].default_value = world_strength
    world.color = background
    scene.world = world
    shading = scene.display.shading
    shading.light = "STUDIO"
    shading.color_type = workbench_color
    shading.show_shadows = True
    shading.shadow_intensity = 0.6
    shading.background_type = "WORLD"
    scene.display.light_direction = (0.4, -0.5, 0.8)
    return scene


def look_at(obj, target):
    direction = Vector(target) - obj.location
    obj.rotation_euler = direction.to_track_quat("-Z", "Y").to_euler()


def add_camera(name, location, target, lens=50.0):
    data = bpy.data.cameras.new(name)
    data.lens = lens
    obj = bpy.data.objects.new(name, data)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    look_at(obj, target)
    if bpy.context.scene.camera is None:
        bpy.context.scene.camera = obj
    return obj


def material(name, color, roughness=0.5, metallic=0.0):
    """A Principled material whose viewport color matches, so Workbench shows it too."""
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*color, 1.0)
    bsdf.inputs["Roughness"].default_value = roughness
    bsdf.inputs["Metallic"].default_value = metallic
    mat.diffuse_color = (*color, 1.0)
    return mat


def _finish(obj, name, color):
    obj.name = name
    obj.data.name = name
    if color is not None:
        obj.color = (*color, 1.0)
        obj.data.materials.append(material(name + "Material", color))
    return obj


def add_box(name, size, location, color=None, rotation=(0.0, 0.0, 0.0)):
    """A box with its base at location.z (so 'on the table' is z = table top)."""
    bpy.ops.mesh.primitive_cube_add(size=1.0, location=(location[0], location[1], location[2] + size[2] / 2))
    obj = bpy.context.object
    obj.scale = size
    obj.rotation_euler = rotation
    bpy.ops.object.transform_apply(location=False, rotation=False, scale=True)
    return _finish(obj, name, color)


def add_cylinder(name, radius, depth, location, color=None, vertices=32):
    bpy.ops.mesh.primitive_cylinder_add(radius=radius, depth=depth, vertices=vertices,
                                        location=(location[0], location[1], location[2] + depth / 2))
    return _finish(bpy.context.object, name, color)


def add_sphere(name, radius, location, color=None, subdivisions=3):
    bpy.ops.mesh.primitive_ico_sphere_add(radius=radius, subdivisions=subdivisions,
                                          location=(location[0], location[1], location[2] + radius))
    obj = bpy.context.object
    bpy.ops.object.shade_smooth()
    return _finish(obj, name, color)


def add_plane(name, size, location=(0.0, 0.0, 0.0), color=None):
    bpy.ops.mesh.primitive_plane_add(size=size, location=location)
    return _finish(bpy.context.object, name, color)


def seeded(seed):
    """A private random generator, so a builder's randomness repeats exactly."""
    return random.Random(seed)


DEG = math.pi / 180.0


# Standing objects are lifted by this much so they never share a plane with what they stand on.
LIFT = 0.001


def compound(name, parts, color, location=(0.0, 0.0, 0.0)):
    """One mesh object made of simple parts, its origin at (0, 0, 0) of the part coordinates.

    ("box", size, center[, rotation]) | ("cyl", radius, depth, base[, segments])
    ("cone", radius_bottom, radius_top, depth, base)
    ("sphere", radius, center[, z_squash]) | ("bowl", radius, base[, z_squash]): an open hemisphere
    The base is raised by LIFT (1 mm) so an object standing on a surface never shares a plane
    with it: coplanar faces of different objects z-fight, and Workbench's draw order (so the
    winner) is not the same on every build.
    """
    bm = bmesh.new()
    for part in parts:
        kind = part[0]
        if kind == "box":
            size, center = part[1], part[2]
            rotation = part[3] if len(part) > 3 else (0.0, 0.0, 0.0)
            m = Matrix.Translation(center) @ Euler(rotation).to_matrix().to_4x4() @ Matrix.Diagonal((*size, 1.0))
            bmesh.ops.create_cube(bm, size=1.0, matrix=m)
        elif kind in ("cyl", "cone"):
            if kind == "cyl":
                r1, depth, base = part[1], part[2], part[3]
                r2, segments = r1, (part[4] if len(part) > 4 else 32)
            else:
                r1, r2, depth, base = part[1], part[2], part[3], part[4]
                segments = 32
            m = Matrix.Translation((base[0], base[1], base[2] + depth / 2))
            bmesh.ops.create_cone(bm, cap_ends=True, cap_tris=False, segments=segments,
                                  radius1=r1, radius2=r2, depth=depth, matrix=m)
        elif kind in ("sphere", "bowl"):
            radius, at = part[1], part[2]
            squash = part[3] if len(part) > 3 else 1.0
            ball = bmesh.new()
            bmesh.ops.create_uvsphere(ball, u_segments=32, v_segments=16, radius=radius)
            if kind == "bowl":  # keep the lower half, standing on `at`
                bmesh.ops.delete(ball, geom=[v for v in ball.verts if v.co.z > 1e-4], context="VERTS")
                at = (at[0], at[1], at[2] + radius * squash)
            for v in ball.verts:
                v.co = Vector((v.co.x + at[0], v.co.y + at[1], v.co.z * squash + at[2]))
            for f in ball.faces:
                f.smooth = True
            temp = bpy.data.meshes.new(name + "Part")
            ball.to_mesh(temp)
            ball.free()
            bm.from_mesh(temp)
            bpy.data.meshes.remove(temp)
        else:
            raise ValueError("unknown part " + kind)
    for v in bm.verts:
        if v.co.z < LIFT:
            v.co.z = LIFT
    mesh = bpy.data.meshes.new(name)
    bm.to_mesh(mesh)
    bm.free()
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    obj.color = (*color, 1.0)
    mesh.materials.append(material(name + "Material", color))
    return obj


def cycles_quality():
    """Few bounces and clamped indirect light: quick, low-noise Cycles renders at 16 samples."""
    c = bpy.context.scene.cycles
    c.max_bounces = 1
    c.diffuse_bounces = 1
    c.glossy_bounces = 1
    c.transmission_bounces = 1
    c.volume_bounces = 0
    c.transparent_max_bounces = 2
    c.sample_clamp_indirect = 0.2
    c.caustics_reflective = False
    c.caustics_refractive = False


def add_area_light(name, location, target, power, size, color=(1.0, 1.0, 1.0)):
    data = bpy.data.lights.new(name, "AREA")
    data.energy = power
    data.size = size
    data.color = color
    obj = bpy.data.objects.new(name, data)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    look_at(obj, target)
    if hasattr(obj, "visible_camera"):
        obj.visible_camera = False  # light the scene without showing the lamp itself
    return obj


def make_mesh(name, verts, faces, color, smooth=True):
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([tuple(v) for v in verts], [], faces)
    bm = bmesh.new()
    bm.from_mesh(mesh)
    bmesh.ops.recalc_face_normals(bm, faces=bm.faces)
    bm.to_mesh(mesh)
    bm.free()
    for poly in mesh.polygons:
        poly.use_smooth = smooth
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    obj.color = (*color, 1.0)
    mesh.materials.append(material(name + "Material", color))
    return obj
