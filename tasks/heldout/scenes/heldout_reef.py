"""A fish swimming above a sandy sea floor among rocks and weed; its body is shaped by
shape keys.

"Fish" swims toward +X, its middle at (0, 0, 0.7); one mesh (body, tail fin and two eyes).
Its shape keys:
  Fat       a deeper, rounder body
  Long      a longer body
  TailBend  the tail swept to the fish's right (-Y), as in a flick
  FinTall   a taller, wider tail fin
  Hump      a humped back behind the head
Static: SeaFloor, Rock0..2, Weed0..4. The editable program only sets key values.
"""


RINGS = 34
AROUND = 20


def smoothstep(a, b, x):
    t = min(max((x - a) / (b - a), 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def fish_point(u, angle, k):
    """The body's surface at u (0 nose .. 1 tail tip) and an angle around it (0 is +Y, 90 up)."""
    fat, long_, bend = k.get("Fat", 0.0), k.get("Long", 0.0), k.get("TailBend", 0.0)
    fin_tall, hump = k.get("FinTall", 0.0), k.get("Hump", 0.0)
    body = math.sin(math.pi * min(u / 0.78, 1.0)) ** 0.6
    fin = smoothstep(0.78, 1.0, u) ** 0.8
    ry = (0.13 + 0.07 * fat) * body + 0.012
    rz = (0.24 + 0.1 * fat) * body + 0.03 + (0.26 + 0.24 * fin_tall) * fin
    ca, sa = math.cos(angle), math.sin(angle)
    z = rz * sa
    if sa > 0.0:
        z += 0.12 * hump * sa ** 2 * math.sin(math.pi * smoothstep(0.1, 0.6, u))
    x = (0.5 - 1.1 * u) * (1.0 + 0.35 * long_)
    y = ry * ca - 0.32 * bend * smoothstep(0.35, 1.0, u) ** 2
    return Vector((x, y, z))


def build_fish(k):
    verts, faces, eye_faces = [], [], []
    verts.append(fish_point(0.0, 0.0, k) + Vector((0.02, 0.0, 0.0)))  # nose pole
    for i in range(1, RINGS + 1):
        u = i / (RINGS + 1)
        for j in range(AROUND):
            verts.append(fish_point(u, 2.0 * math.pi * j / AROUND, k))
    verts.append(fish_point(1.0, 0.0, k) - Vector((0.01, 0.0, 0.0)))  # tail pole
    ring = lambda i, j: 1 + i * AROUND + j % AROUND
    faces.extend((0, ring(0, j), ring(0, j + 1)) for j in range(AROUND))
    for i in range(RINGS - 1):
        for j in range(AROUND):
            faces.append((ring(i, j), ring(i + 1, j), ring(i + 1, j + 1), ring(i, j + 1)))
    tail = len(verts) - 1
    faces.extend((tail, ring(RINGS - 1, j + 1), ring(RINGS - 1, j)) for j in range(AROUND))
    for side in (1.0, -1.0):  # an eye on each side, riding on the head's surface
        centre = fish_point(0.1, side * 0.35, k)
        centre.y += side * 0.012
        first = len(verts)
        ball = bmesh.new()
        bmesh.ops.create_uvsphere(ball, u_segments=12, v_segments=8, radius=0.03)
        verts.extend(v.co + centre for v in ball.verts)
        eye_faces.extend(tuple(first + v.index for v in f.verts) for f in ball.faces)
        ball.free()
    return verts, faces, eye_faces


def keyed_fish(name, keys, color, eye_color, location):
    verts, faces, eye_faces = build_fish({})
    obj = make_mesh(name, verts, faces + eye_faces, color)
    mesh = obj.data
    mesh.materials.append(material(name + "Eye", eye_color))
    for poly in mesh.polygons[len(faces):]:
        poly.material_index = 1
    obj.shape_key_add(name="Basis")
    for key in keys:
        kverts, _, _ = build_fish({key: 1.0})
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for v in kverts for c in v])
    mesh.update()
    obj.location = location
    return obj


setup_scene(background=(0.16, 0.42, 0.56), workbench_color="MATERIAL")
add_plane("SeaFloor", 30.0, color=(0.76, 0.68, 0.5))
for i, (x, y, r, squash) in enumerate(((-0.9, 0.7, 0.32, 0.6), (0.8, 0.9, 0.24, 0.7), (1.3, -0.5, 0.18, 0.8))):
    compound("Rock%d" % i, [("sphere", r, (0.0, 0.0, r * squash * 0.6), squash)], (0.45, 0.44, 0.42), (x, y, 0.0))
for i, (x, y, h) in enumerate(((-0.5, 0.9, 0.9), (-0.3, 1.1, 1.2), (0.3, 1.2, 0.8), (1.0, 0.5, 0.7), (-1.3, -0.2, 0.6))):
    compound("Weed%d" % i, [("cone", 0.05, 0.005, h, (0.0, 0.0, 0.0))], (0.2, 0.5, 0.25), (x, y, 0.0))

keyed_fish("Fish", ("Fat", "Long", "TailBend", "FinTall", "Hump"), (0.95, 0.5, 0.12), (0.05, 0.05, 0.06),
           (0.0, 0.0, 0.7))

add_camera("Camera1", (0.25, -2.6, 1.1), (0.0, 0.0, 0.68), lens=45)
add_camera("Camera2", (-1.4, -1.6, 2.1), (-0.05, 0.0, 0.62), lens=40)
