"""An outdoor plaza for sun-light tasks: a stone pavement, a ring of eight columns with
square capitals around a stepped plinth carrying an obelisk, and two benches.

Ground at z = 0; the plaza is centred at the origin; +Y is north, +X is east. The
columns stand on a circle of radius 3.2 m and are 3 m tall. No lights: the editable
program makes them. The world is almost black, so the sun does all the lighting.
"""

setup_scene(background=(0.02, 0.02, 0.025), world_strength=1.0)


cycles_quality()

STONE = (0.7, 0.66, 0.58)
add_box("Pavement", (16.0, 16.0, 0.1), (0.0, 0.0, -0.1), color=(0.55, 0.53, 0.5))
add_box("PlinthLow", (1.8, 1.8, 0.25), (0.0, 0.0, 0.0), color=STONE)
add_box("PlinthHigh", (1.2, 1.2, 0.25), (0.0, 0.0, 0.25), color=STONE)
add_box("Obelisk", (0.45, 0.45, 2.2), (0.0, 0.0, 0.5), color=(0.75, 0.72, 0.66))
bpy.ops.mesh.primitive_cone_add(radius1=0.32, radius2=0.0, depth=0.35, vertices=4, location=(0.0, 0.0, 2.7 + 0.175),
                                rotation=(0.0, 0.0, 45 * DEG))
tip = bpy.context.object
tip.name = tip.data.name = "ObeliskTip"
tip.data.materials.append(material("ObeliskTipMaterial", (0.75, 0.72, 0.66)))
for i in range(8):
    a = i * 45 * DEG + 22.5 * DEG
    x, y = 3.2 * math.cos(a), 3.2 * math.sin(a)
    add_box("ColumnBase%d" % i, (0.6, 0.6, 0.15), (x, y, 0.0), color=STONE)
    add_cylinder("Column%d" % i, 0.22, 2.7, (x, y, 0.15), color=(0.85, 0.82, 0.76), vertices=24)
    add_box("Capital%d" % i, (0.6, 0.6, 0.15), (x, y, 2.85), color=STONE)
for i, (x, y, turn) in enumerate(((1.6, -4.6, 0.0), (-4.6, -1.4, 90.0))):
    add_box("Bench%d" % i, (1.6, 0.45, 0.08), (x, y, 0.4), color=(0.45, 0.3, 0.18), rotation=(0.0, 0.0, turn * DEG))
    for j in (-0.65, 0.65):
        dx, dy = (j, 0.0) if turn == 0.0 else (0.0, j)
        add_box("BenchLeg%d%s" % (i, "ab"[j > 0]), (0.1, 0.4, 0.4) if turn == 0.0 else (0.4, 0.1, 0.4),
                (x + dx, y + dy, 0.0), color=(0.3, 0.3, 0.32))

add_camera("Camera1", (5.0, -6.0, 4.6), (0.0, -0.2, 0.7), lens=26)
add_camera("Camera2", (-6.0, -3.6, 3.4), (0.0, 0.2, 1.1), lens=26)
