"""A campsite in a forest clearing, for lighting tasks: a ridge tent, a ring of stones
around a fire of crossed logs, two log seats, a lantern on a post and a few fir trees.

Ground at z = 0; +Y is north (behind the tent), +X east. The fire is at (0.3, -0.5),
the tent stands behind it at (0, 1.2), the lantern hangs at (-1.4, 0.1, 1.3). Lights
(made here; the editable program sets them): "Sun" (a sun; its rotation_euler turns its
beam, which shines straight down at rotation 0: an X rotation of 90 - elevation degrees
tilts it to come from the south, then a Z rotation turns where it comes from: 90 east,
180 north, 270 west), "Fire" (a point light just above the logs), "Lantern" (a point
light under the lantern). The world is a dim evening blue.
"""

setup_scene(background=(0.05, 0.07, 0.12), world_strength=1.0)


cycles_quality()

add_plane("Ground", 30.0, color=(0.3, 0.42, 0.2))
# The tent: a ridge running along X, its door on the -Y side.
tent = make_mesh("Tent", [(-0.9, -0.8, 0.0), (0.9, -0.8, 0.0), (0.9, 0.8, 0.0), (-0.9, 0.8, 0.0),
                          (-0.9, 0.0, 1.1), (0.9, 0.0, 1.1)],
                 [(0, 1, 5, 4), (2, 3, 4, 5), (0, 4, 3), (1, 2, 5), (0, 3, 2, 1)], (0.85, 0.55, 0.15), smooth=False)
tent.location = (0.0, 1.2, LIFT)
stones = [("sphere", 0.09, (0.45 * math.cos(a * DEG), 0.45 * math.sin(a * DEG), 0.05), 0.6) for a in range(0, 360, 40)]
compound("FireRing", stones, (0.5, 0.5, 0.5), (0.3, -0.5, 0.0))
compound("FireLogs", [("box", (0.5, 0.08, 0.08), (0.0, 0.0, 0.1), (0.0, -25 * DEG, a * DEG)) for a in (0, 60, 120)],
         (0.3, 0.18, 0.1), (0.3, -0.5, 0.0))
for i, (x, y, turn) in enumerate(((1.5, -0.4, 90.0), (-0.9, -1.3, 20.0))):
    compound("Seat%d" % i, [("box", (0.9, 0.3, 0.3), (0.0, 0.0, 0.15), (0.0, 0.0, turn * DEG))], (0.45, 0.3, 0.18),
             (x, y, 0.0))
compound("LanternPost", [("cyl", 0.03, 1.5, (0.0, 0.0, 0.0), 12), ("box", (0.3, 0.03, 0.03), (0.13, 0.0, 1.5))],
         (0.25, 0.2, 0.15), (-1.67, 0.1, 0.0))
compound("Lantern", [("cyl", 0.06, 0.14, (0.0, 0.0, 0.0), 16)], (0.9, 0.85, 0.6), (-1.4, 0.1, 1.28))
for i, (x, y, h) in enumerate(((-2.6, 2.4, 3.2), (2.4, 2.8, 3.8), (-0.8, 3.6, 4.0), (3.2, 0.6, 2.6))):
    compound("Fir%d" % i, [("cyl", 0.1, h * 0.25, (0.0, 0.0, 0.0), 12),
                           ("cone", h * 0.22, 0.0, h * 0.8, (0.0, 0.0, h * 0.2))], (0.12, 0.3, 0.15), (x, y, 0.0))


def lamp(name, kind, location):
    data = bpy.data.lights.new(name, kind)
    obj = bpy.data.objects.new(name, data)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = location
    if hasattr(obj, "visible_camera"):
        obj.visible_camera = False
    return obj


lamp("Sun", "SUN", (0.0, 0.0, 8.0))
lamp("Fire", "POINT", (0.3, -0.5, 0.35))
lamp("Lantern", "POINT", (-1.4, 0.1, 1.2))

add_camera("Camera1", (1.2, -4.6, 2.0), (0.0, 0.3, 0.6), lens=30)
add_camera("Camera2", (-3.8, -2.4, 2.4), (0.2, 0.4, 0.5), lens=30)
