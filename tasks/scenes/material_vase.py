"""A vase and a small bowl on a round wooden table, in front of a backdrop.

Objects (no materials; the editable program builds and assigns them): Vase (a lathed
vessel, 0.5 m tall, standing on the table top at z = 0.75), Bowl (a shallow lathed bowl
to the right of the vase), Table (round top and a pedestal), Backdrop (a curved studio
sweep behind and under everything). Lit by a key area light from the front left and a
fill area light from the right. Cameras: Camera1 from the front, a little above the table
top; Camera2 from the front right, looking down.
"""

import bmesh

setup_scene(background=(0.2, 0.2, 0.22), world_strength=0.5)
scene = bpy.context.scene
scene.cycles.max_bounces = 4
scene.cycles.diffuse_bounces = 2
scene.cycles.glossy_bounces = 2
scene.cycles.transmission_bounces = 2
scene.cycles.transparent_max_bounces = 2


def lathe(name, profile, location, segments=48, cap_bottom=True):
    """A smooth surface of revolution about z from (radius, height) pairs, bottom to top."""
    mesh = bpy.data.meshes.new(name)
    bm = bmesh.new()
    rings = []
    for radius, height in profile:
        ring = []
        for i in range(segments):
            a = 2.0 * math.pi * i / segments
            ring.append(bm.verts.new((radius * math.cos(a), radius * math.sin(a), height)))
        rings.append(ring)
    for lower, upper in zip(rings, rings[1:]):
        for i in range(segments):
            j = (i + 1) % segments
            bm.faces.new((lower[i], lower[j], upper[j], upper[i]))
    if cap_bottom:
        bm.faces.new(list(reversed(rings[0])))
    bm.normal_update()
    bm.to_mesh(mesh)
    bm.free()
    for poly in mesh.polygons:
        poly.use_smooth = True
    obj = bpy.data.objects.new(name, mesh)
    scene.collection.objects.link(obj)
    obj.location = location
    return obj


TOP = 0.75
# Outside then inside of the wall, so the rim has thickness.
lathe("Vase", [(0.0, 0.0), (0.1, 0.0), (0.13, 0.03), (0.16, 0.12), (0.165, 0.2), (0.14, 0.3), (0.085, 0.4),
               (0.07, 0.46), (0.085, 0.5), (0.07, 0.5), (0.055, 0.46), (0.06, 0.4), (0.05, 0.3)],
      (-0.12, 0.05, TOP))
lathe("Bowl", [(0.0, 0.0), (0.07, 0.0), (0.13, 0.03), (0.17, 0.08), (0.18, 0.1), (0.165, 0.1), (0.155, 0.08),
               (0.115, 0.04), (0.0, 0.03)],
      (0.3, -0.1, TOP))
add_cylinder("Table", 0.6, 0.05, (0.0, 0.0, TOP - 0.05), vertices=64)
leg = add_cylinder("TableLeg", 0.06, TOP - 0.05, (0.0, 0.0, 0.0), vertices=24)
# Join the pedestal into the table so one material covers both.
bpy.ops.object.select_all(action="DESELECT")
table = bpy.data.objects["Table"]
leg.select_set(True)
table.select_set(True)
bpy.context.view_layer.objects.active = table
bpy.ops.object.join()

# A studio sweep: a floor that curves up into a back wall.
mesh = bpy.data.meshes.new("Backdrop")
bm = bmesh.new()
angles = [(math.pi / 2) * i / 12 for i in range(13)]
profile = [(-3.0, 0.0)] + [(1.0 + 1.2 * math.sin(a), 1.2 - 1.2 * math.cos(a)) for a in angles] + [(2.2, 4.0)]
cols = []
for x in (-8.0, 8.0):
    cols.append([bm.verts.new((x, y, z)) for y, z in profile])
for k in range(len(profile) - 1):
    bm.faces.new((cols[0][k], cols[1][k], cols[1][k + 1], cols[0][k + 1]))
bm.to_mesh(mesh)
bm.free()
for poly in mesh.polygons:
    poly.use_smooth = True
backdrop = bpy.data.objects.new("Backdrop", mesh)
scene.collection.objects.link(backdrop)


add_area_light("KeyLight", (-1.6, -1.8, 2.3), (0.0, 0.0, 0.9), 150.0, 1.5, (1.0, 0.95, 0.88))
add_area_light("FillLight", (1.8, -1.0, 1.4), (0.0, 0.0, 0.9), 50.0, 2.0, (0.85, 0.9, 1.0))

add_camera("Camera1", (0.05, -1.75, 1.15), (0.05, 0.0, 0.92), lens=55)
add_camera("Camera2", (1.05, -1.2, 1.65), (0.05, 0.0, 0.85), lens=50)
