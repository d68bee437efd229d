"""A potter's bench: a jug on a banding wheel and a cup beside it, thrown on a lathe; their
shapes are shape keys.

The bench top is at z = 0.8; the wheel's top at z = 0.86. "Jug" (its spout side faces +X)
stands on the wheel at (-0.15, 0, 0.86), "Cup" on the bench at (0.3, -0.12, 0.8). Both are
hollow, open at the top. Shape keys:
  Jug  Belly     a round, wide belly low on the body
       NeckLong  a taller, narrower neck
       LipFlare  a rim flared outward
       Spout     a pinched pouring lip on the +X side
       Squat     a lower, wider jug
  Cup  Tall      a taller cup
       Flare     a wide, flared mouth (a beaker)
       Waist     a pinched waist half-way up
Static: Floor, Bench, BenchLeg0..3, Wheel, WheelStem, a Bucket and a Sponge.
The editable program only sets key values.
"""


SEGMENTS = 40


def smoothstep(a, b, x):
    t = min(max((x - a) / (b - a), 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def lathe(profile, shape):
    """Vertices and faces of a hollow vessel: `profile` is (radius, height, side) from the
    outer bottom up the outside, over the rim and down the inside; `shape(r, z, angle, side)`
    returns the vertex for a profile point at an angle."""
    verts = [shape(0.0, profile[0][1], 0.0, "out")]  # outer bottom centre
    for r, z, side in profile:
        for j in range(SEGMENTS):
            verts.append(shape(r, z, 2.0 * math.pi * j / SEGMENTS, side))
    verts.append(shape(0.0, profile[-1][1], 0.0, "in"))  # inner bottom centre
    ring = lambda i, j: 1 + i * SEGMENTS + j % SEGMENTS
    faces = [(0, ring(0, j + 1), ring(0, j)) for j in range(SEGMENTS)]
    for i in range(len(profile) - 1):
        for j in range(SEGMENTS):
            faces.append((ring(i, j), ring(i, j + 1), ring(i + 1, j + 1), ring(i + 1, j)))
    last, centre = len(profile) - 1, len(verts) - 1
    faces.extend((centre, ring(last, j), ring(last, j + 1)) for j in range(SEGMENTS))
    return verts, faces


JUG_HEIGHT = 0.36
JUG_PROFILE = [(0.07, 0.0), (0.095, 0.03), (0.11, 0.09), (0.11, 0.15), (0.095, 0.21), (0.07, 0.26),
               (0.06, 0.3), (0.065, 0.34), (0.07, 0.36)]


def jug_shape(k):
    belly, neck, lip = k.get("Belly", 0.0), k.get("NeckLong", 0.0), k.get("LipFlare", 0.0)
    spout, squat = k.get("Spout", 0.0), k.get("Squat", 0.0)

    def shape(r, z, a, side):
        h = z / JUG_HEIGHT
        r *= 1.0 + 0.55 * belly * math.sin(math.pi * min(h / 0.7, 1.0)) ** 2
        r *= 1.0 - 0.3 * neck * smoothstep(0.55, 0.8, h)
        z += 0.12 * neck * smoothstep(0.55, 1.0, h)
        r *= 1.0 + 0.6 * lip * smoothstep(0.88, 1.0, h)
        lobe = max(math.cos(a), 0.0) ** 6 * smoothstep(0.8, 1.0, h)
        r += 0.07 * spout * lobe
        z += 0.025 * spout * lobe
        r *= 1.0 + 0.3 * squat
        z *= 1.0 - 0.35 * squat
        return Vector((r * math.cos(a), r * math.sin(a), z + LIFT))

    return shape


CUP_HEIGHT = 0.15


def cup_shape(k):
    tall, flare, waist = k.get("Tall", 0.0), k.get("Flare", 0.0), k.get("Waist", 0.0)

    def shape(r, z, a, side):
        h = z / CUP_HEIGHT
        r *= 1.0 + 0.7 * flare * h ** 2
        r *= 1.0 - 0.35 * waist * math.sin(math.pi * h) ** 2
        z *= 1.0 + 0.8 * tall
        return Vector((r * math.cos(a), r * math.sin(a), z + LIFT))

    return shape


def hollow(outer, wall):
    """The outer profile up, then the same profile `wall` inside, down to a floor `wall` thick."""
    inner = [(max(r - wall, 0.004), z) for r, z in reversed(outer)]
    inner[-1] = (inner[-1][0], max(inner[-1][1], wall))
    return [(r, z, "out") for r, z in outer] + [(r, z, "in") for r, z in inner]


def keyed_vessel(name, profile, shape_for, keys, color, location):
    verts, faces = lathe(profile, shape_for({}))
    obj = make_mesh(name, verts, faces, color)
    obj.shape_key_add(name="Basis")
    for key in keys:
        kverts, _ = lathe(profile, shape_for({key: 1.0}))
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for v in kverts for c in v])
    obj.data.update()
    obj.location = location
    return obj


setup_scene(background=(0.62, 0.6, 0.56))
add_plane("Floor", 10.0, color=(0.42, 0.4, 0.38))
add_box("Bench", (1.4, 0.7, 0.06), (0.0, 0.05, 0.74), color=(0.55, 0.45, 0.34))
for i, (x, y) in enumerate(((-0.64, -0.24), (0.64, -0.24), (-0.64, 0.34), (0.64, 0.34))):
    add_box("BenchLeg%d" % i, (0.05, 0.05, 0.74), (x, y, LIFT), color=(0.45, 0.36, 0.27))
add_cylinder("WheelStem", 0.03, 0.03, (-0.15, 0.0, 0.8 + LIFT), color=(0.3, 0.3, 0.32))
add_cylinder("Wheel", 0.16, 0.028, (-0.15, 0.0, 0.83 + 2 * LIFT), color=(0.35, 0.36, 0.4), vertices=48)
compound("Bucket", [("cone", 0.11, 0.13, 0.22, (0.0, 0.0, 0.0))], (0.3, 0.42, 0.55), (-0.55, 0.2, 0.8))
compound("Sponge", [("box", (0.09, 0.06, 0.03), (0.0, 0.0, 0.015))], (0.9, 0.78, 0.3), (0.5, 0.22, 0.8))

CLAY = (0.78, 0.5, 0.34)
keyed_vessel("Jug", hollow(JUG_PROFILE, 0.008), jug_shape, ("Belly", "NeckLong", "LipFlare", "Spout", "Squat"),
             CLAY, (-0.15, 0.0, 0.86 + 2 * LIFT))
keyed_vessel("Cup", hollow([(0.048, 0.0), (0.055, 0.014), (0.058, 0.07), (0.062, 0.15)], 0.006), cup_shape,
             ("Tall", "Flare", "Waist"), (0.86, 0.78, 0.66), (0.3, -0.12, 0.8))

add_camera("Camera1", (0.2, -1.3, 1.35), (0.05, 0.0, 1.0), lens=45)
add_camera("Camera2", (1.15, 0.55, 1.2), (0.05, -0.02, 1.0), lens=45)
