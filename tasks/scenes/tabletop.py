"""A wooden table in a grey room with a mug, a book, a bowl, a laptop and a vase on it.

Table top at z = 0.75, spanning x -1..1 and y -0.6..0.6 (front edge at y = -0.6).
Objects: Table, TableLeg0..3, Floor, Mug, Book, Bowl, Laptop, Vase.
Every movable object has its origin at the middle of its base, so placing it at
z = 0.75 stands it on the table. At turn 0 the mug's handle points to +x and the
laptop's screen stands at its back (+y) edge, facing the front (-y).
The editable program places the objects; this builder only makes them.
"""

import bmesh
from mathutils import Euler, Matrix


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


setup_scene(background=(0.55, 0.57, 0.6))
add_plane("Floor", 12.0, color=(0.35, 0.33, 0.3))
add_box("Table", (2.0, 1.2, 0.06), (0.0, 0.0, 0.69), color=(0.45, 0.28, 0.15))
for i, (x, y) in enumerate(((-0.9, -0.5), (0.9, -0.5), (-0.9, 0.5), (0.9, 0.5))):
    add_box("TableLeg%d" % i, (0.06, 0.06, 0.69), (x, y, 0.0), color=(0.4, 0.25, 0.13))

TOP = 0.75
compound("Mug", [("cyl", 0.09, 0.18, (0.0, 0.0, 0.0)),
                 ("box", (0.05, 0.03, 0.12), (0.11, 0.0, 0.09))],
         (0.85, 0.15, 0.12), (-0.35, -0.25, TOP))
compound("Book", [("box", (0.3, 0.4, 0.06), (0.0, 0.0, 0.03))], (0.1, 0.3, 0.75), (-0.5, 0.2, TOP))
compound("Bowl", [("bowl", 0.14, (0.0, 0.0, 0.0), 0.75)], (0.95, 0.85, 0.2), (0.5, 0.3, TOP))
compound("Laptop", [("box", (0.45, 0.32, 0.02), (0.0, 0.0, 0.01)),
                    ("box", (0.45, 0.012, 0.3), (0.0, 0.17, 0.155), (-12 * DEG, 0.0, 0.0))],
         (0.15, 0.15, 0.17), (0.0, 0.05, TOP))
compound("Vase", [("cone", 0.075, 0.045, 0.26, (0.0, 0.0, 0.0))], (0.15, 0.6, 0.3), (0.8, 0.4, TOP))

add_camera("Camera1", (0.35, -1.6, 1.6), (0.05, 0.05, 0.76), lens=34)
add_camera("Camera2", (-1.6, -0.75, 1.55), (0.05, 0.02, 0.76), lens=35)
