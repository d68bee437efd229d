"""A cartoon four-legged creature on a sandy ground; its proportions are shape keys.

The creature faces +X. "Creature" is one mesh made of tubes (body, neck, head, ears, tail,
legs); its shape keys:
  BodyFat     rounder, heavier body with a sagging belly
  NeckLength  a longer neck (the head rides on top)
  TailCurl    the tail curls up and over the back
  EarSize     bigger, longer ears
  LegLength   longer legs (the whole body stands higher)
The eyes are small spheres parented to head vertices, so they follow the keys.
The editable program only sets key values.
"""


SEGS = 14


def transported_frames(points):
    """Tangents and parallel-transported normals along a polyline."""
    tangents = []
    for i in range(len(points)):
        a, b = points[max(i - 1, 0)], points[min(i + 1, len(points) - 1)]
        tangents.append((b - a).normalized())
    t0 = tangents[0]
    up = Vector((0, 0, 1)) if abs(t0.z) < 0.9 else Vector((1, 0, 0))
    n = (up - t0 * t0.dot(up)).normalized()
    normals = [n]
    for i in range(1, len(points)):
        t = tangents[i]
        n = (n - t * t.dot(n)).normalized()
        normals.append(n)
    return tangents, normals


def add_tube(verts, faces, points, radii, cap_start=True, cap_end=True):
    """Rings of SEGS vertices around a polyline, closed by a pole vertex at each capped end.
    Returns the index of the first ring's first vertex."""
    tangents, normals = transported_frames(points)
    if cap_start:
        verts.append(points[0] - tangents[0] * radii[0] * 0.6)
        start_pole = len(verts) - 1
    first = len(verts)
    for p, t, n, r in zip(points, tangents, normals, radii):
        b = t.cross(n)
        for j in range(SEGS):
            a = 2 * math.pi * j / SEGS
            verts.append(p + (n * math.cos(a) + b * math.sin(a)) * r)
    ring = lambda i, j: first + i * SEGS + j % SEGS
    for i in range(len(points) - 1):
        for j in range(SEGS):
            faces.append((ring(i, j), ring(i, j + 1), ring(i + 1, j + 1), ring(i + 1, j)))
    if cap_start:
        for j in range(SEGS):
            faces.append((start_pole, ring(0, j + 1), ring(0, j)))
    if cap_end:
        last = len(points) - 1
        verts.append(points[-1] + tangents[-1] * radii[-1] * 0.6)
        end_pole = len(verts) - 1
        for j in range(SEGS):
            faces.append((end_pole, ring(last, j), ring(last, j + 1)))
    return first


def build_creature(k):
    fat, neck, curl = k.get("BodyFat", 0.0), k.get("NeckLength", 0.0), k.get("TailCurl", 0.0)
    ears, legs = k.get("EarSize", 0.0), k.get("LegLength", 0.0)
    verts, faces, marks = [], [], {}
    leg_len = 0.55 + 0.4 * legs
    hb = leg_len + 0.38  # body axis height

    # body: along x, a capsule whose radius and belly grow with fat
    n = 18
    pts, rad = [], []
    for i in range(n):
        t = i / (n - 1)
        s = math.sin(math.pi * (0.04 + 0.92 * t))
        pts.append(Vector((-0.95 + 1.9 * t, 0.0, hb - 0.14 * fat * s)))
        rad.append((0.42 + 0.2 * fat) * s ** 0.45)
    add_tube(verts, faces, pts, rad)

    # neck: up and forward from the front of the body
    base = Vector((0.72, 0.0, hb + 0.12))
    direction = Vector((0.45, 0.0, 0.9)).normalized()
    length = 0.55 + 0.7 * neck
    pts = [base + direction * (length * i / 7) for i in range(8)]
    add_tube(verts, faces, pts, [0.21 - 0.07 * i / 7 for i in range(8)], cap_start=True, cap_end=False)
    top = pts[-1]

    # head: cranium then snout, pointing forward
    n = 12
    pts, rad = [], []
    for i in range(n):
        t = i / (n - 1)
        pts.append(top + Vector((-0.18 + 0.72 * t, 0.0, 0.06 - 0.1 * t)))
        rad.append(0.12 + 0.14 * math.exp(-((t - 0.3) / 0.2) ** 2))
    head_first = add_tube(verts, faces, pts, rad)
    # eyes on ring 5, 2/14 of a turn from the top to either side (for a tube along +X the ring
    # frame's normal is +Z and its binormal -Y, so j = 2 is on the -Y side, the creature's right)
    marks["EyeR"] = head_first + 5 * SEGS + 2
    marks["EyeL"] = head_first + 5 * SEGS + SEGS - 2

    # ears: cones on top of the cranium, leaning outward
    for side in (-1.0, 1.0):
        root = top + Vector((-0.05, side * 0.12, 0.16))
        d = Vector((-0.25, side * 0.45, 1.0)).normalized()
        length = 0.22 * (1.0 + 1.5 * ears)
        width = 0.075 * (1.0 + 0.8 * ears)
        pts = [root + d * (length * i / 5) for i in range(6)]
        add_tube(verts, faces, pts, [width * (1.0 - i / 5) + 0.005 for i in range(6)])

    # tail: heading back and up, its heading turning upward along its length as it curls
    n = 16
    p = Vector((-0.88, 0.0, hb + 0.08))
    pts, rad = [], []
    step = 1.35 / (n - 1)
    for i in range(n):
        s = i / (n - 1)
        pts.append(p.copy())
        rad.append(0.13 - 0.1 * s)
        theta = 0.35 + curl * 4.4 * s ** 1.2
        p = p + Vector((-math.cos(theta), 0.0, math.sin(theta))) * step
    add_tube(verts, faces, pts, rad, cap_start=False)

    # legs: straight down to the ground
    for lx in (-0.55, 0.55):
        for ly in (-0.24, 0.24):
            top_leg = Vector((lx, ly * (1.0 + 0.4 * fat), hb - 0.05))
            pts = [top_leg + Vector((0, 0, -(hb - 0.05 - 0.07) * i / 6)) for i in range(7)]
            add_tube(verts, faces, pts, [0.12 - 0.02 * i / 6 for i in range(7)])
    return verts, faces, marks


def keyed_creature(name, keys, color):
    verts, faces, marks = build_creature({})
    obj = make_mesh(name, verts, faces, color, smooth=True)
    mesh = obj.data
    obj.shape_key_add(name="Basis")
    for key in keys:
        kverts, _, _ = build_creature({key: 1.0})
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for v in kverts for c in v])
    mesh.update()
    return obj, marks


setup_scene(background=(0.55, 0.72, 0.85))
add_plane("Ground", 200.0, color=(0.92, 0.84, 0.64))
creature, marks = keyed_creature("Creature", ("BodyFat", "NeckLength", "TailCurl", "EarSize", "LegLength"),
                                 (0.38, 0.75, 0.3))
for tag in ("EyeL", "EyeR"):
    eye = add_sphere(tag, 0.055, (0.0, 0.0, -0.055), color=(0.04, 0.04, 0.05))
    eye.parent = creature
    eye.parent_type = "VERTEX"
    eye.parent_vertices = (marks[tag], 0, 0)
    eye.matrix_parent_inverse.identity()
    eye.location = (0.0, 0.0, 0.0)

add_camera("Camera1", (-0.15, -5.8, 2.0), (-0.15, 0.0, 1.5), lens=44)
add_camera("Camera2", (3.9, -3.0, 2.4), (0.0, 0.0, 1.4), lens=44)
