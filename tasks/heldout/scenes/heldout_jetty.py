"""A timber jetty running out from a grassy bank over a lake, built with Array modifiers.

The bank's edge is at y = 0; the jetty runs out along +Y over the water (the water's
surface is at z = 0). "Deck" is one plank (1.4 m across X, 0.2 m along Y, 5 cm thick,
its top at z = 0.6) whose Array modifier "Array" repeats it along +Y (relative offset:
1.0 lays the planks edge to edge, 1.1 leaves 2 cm gaps). "Posts" is one pair of round
posts (at x = -0.6 and x = 0.6, from the water up under the deck) whose Array modifier
"Array" repeats the pair along +Y by a constant offset in metres. "Rail" is one handrail
post on the +X side with a 1 m top bar running on along +Y, repeated the same way.
Static: Water, Bank (its top at z = 0.5), a Boat moored on the left.
"""

setup_scene(background=(0.7, 0.8, 0.9), workbench_color="MATERIAL")
add_plane("Water", 200.0, (0.0, 10.0, 0.0), color=(0.3, 0.5, 0.62))
add_box("Bank", (14.0, 6.0, 0.8), (0.0, -3.0, -0.3), color=(0.35, 0.55, 0.25))
compound("Boat", [("box", (0.7, 1.8, 0.3), (0.0, 0.0, 0.15)),
                  ("box", (0.5, 0.12, 0.05), (0.0, 0.2, 0.32))], (0.75, 0.3, 0.2), (-1.6, 2.2, -0.1))


def arrayed(name, parts, color, location, relative, constant):
    obj = compound(name, parts, color, location)
    mod = obj.modifiers.new("Array", "ARRAY")
    mod.use_relative_offset = relative is not None
    mod.relative_offset_displace = relative or (1.0, 0.0, 0.0)
    mod.use_constant_offset = constant is not None
    mod.constant_offset_displace = constant or (0.0, 0.0, 0.0)
    return obj


# The first plank overlaps the bank by 10 cm; the first posts stand just off the bank.
arrayed("Deck", [("box", (1.4, 0.2, 0.05), (0.0, 0.0, 0.575))], (0.6, 0.45, 0.3), (0.0, -0.1, 0.0),
        (0.0, 1.0, 0.0), None)
arrayed("Posts", [("cyl", 0.07, 0.56, (x, 0.0, 0.0), 16) for x in (-0.6, 0.6)], (0.35, 0.26, 0.18),
        (0.0, 0.15, 0.0), None, (0.0, 1.0, 0.0))
arrayed("Rail", [("box", (0.06, 0.06, 0.9), (0.66, 0.0, 1.04)), ("box", (0.05, 1.0, 0.05), (0.66, 0.5, 1.47))],
        (0.5, 0.38, 0.26), (0.0, 0.15, 0.0), None, (0.0, 1.0, 0.0))

add_camera("Camera1", (3.0, -1.2, 2.3), (0.0, 1.7, 0.5), lens=32)
add_camera("Camera2", (-2.9, 5.6, 2.1), (0.1, 1.6, 0.5), lens=32)
