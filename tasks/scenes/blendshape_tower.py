"""A square tower with a ledge at every floor and a pyramid roof, on a plaza; its massing is
made of shape keys.

"Tower" stands on a plinth (top at z = 0.2); its shape keys:
  Height     taller tower (every floor stretched; the roof rides on top)
  Taper      narrower toward the top
  Bulge      wider in the middle floors
  Twist      floors turn about the vertical axis, up to 50 degrees at the top
  RoofPitch  a steep, tall pyramid roof instead of a low one
Static: Ground, Plinth, two low neighbour blocks. The editable program only sets key values.
"""


HALF = 1.1          # half the tower's width
FLOORS = 10
FLOOR_H = 0.45
BASE_Z = 0.2
PER_SIDE = 6        # vertices along each side of the square section


def square_section():
    pts = []
    corners = ((1, -1), (1, 1), (-1, 1), (-1, -1))
    for c in range(4):
        (x0, y0), (x1, y1) = corners[c], corners[(c + 1) % 4]
        for i in range(PER_SIDE):
            t = i / PER_SIDE
            pts.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
    return pts


def profile():
    """(height fraction of the walls, scale) rings from the ground to the eaves: a ledge per floor."""
    rings = []
    top = FLOORS * FLOOR_H
    for f in range(FLOORS):
        z0 = f * FLOOR_H
        for dz, m in ((0.0, 1.0), (0.05, 1.07), (0.12, 1.07), (0.16, 1.0)):
            rings.append(((z0 + dz) / top, m))
    rings.append((1.0, 1.0))
    rings.append((1.0, 1.12))  # eave
    return rings


def build_tower(k):
    height = FLOORS * FLOOR_H * (1.0 + 0.35 * k.get("Height", 0.0))
    pitch = 0.5 + 1.8 * k.get("RoofPitch", 0.0)
    taper, bulge, twist = k.get("Taper", 0.0), k.get("Bulge", 0.0), k.get("Twist", 0.0)
    section = square_section()
    n = len(section)

    def place(h, m, z):
        scale = HALF * m * (1.0 - 0.45 * taper * h) * (1.0 + 0.35 * bulge * math.sin(math.pi * h))
        a = 50.0 * DEG * twist * h
        ca, sa = math.cos(a), math.sin(a)
        return [Vector((scale * (x * ca - y * sa), scale * (x * sa + y * ca), BASE_Z + z)) for x, y in section]

    verts = [Vector((0.0, 0.0, BASE_Z))]
    rings = [(h, m, h * height) for h, m in profile()]
    for r in (0.8, 0.55, 0.3):  # roof rings toward the apex
        rings.append((1.0, 1.12 * r, height + pitch * (1.0 - r)))
    for h, m, z in rings:
        verts.extend(place(h, m, z))
    verts.append(Vector((0.0, 0.0, BASE_Z + height + pitch)))
    apex = len(verts) - 1
    ring = lambda i, j: 1 + i * n + j % n
    faces = [(0, ring(0, j + 1), ring(0, j)) for j in range(n)]
    for i in range(len(rings) - 1):
        for j in range(n):
            faces.append((ring(i, j), ring(i, j + 1), ring(i + 1, j + 1), ring(i + 1, j)))
    last = len(rings) - 1
    faces.extend((apex, ring(last, j), ring(last, j + 1)) for j in range(n))
    return verts, faces


def keyed_tower(name, keys, color):
    verts, faces = build_tower({})
    obj = make_mesh(name, verts, faces, color, smooth=False)
    mesh = obj.data
    obj.shape_key_add(name="Basis")
    for key in keys:
        kverts, _ = build_tower({key: 1.0})
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for v in kverts for c in v])
    mesh.update()
    return obj


setup_scene(background=(0.68, 0.78, 0.88))
add_plane("Ground", 200.0, color=(0.55, 0.66, 0.45))
add_box("Plinth", (3.6, 3.6, 0.2), (0.0, 0.0, 0.0), color=(0.7, 0.7, 0.68))
add_box("BlockA", (1.6, 2.2, 1.3), (3.2, 2.6, 0.0), color=(0.45, 0.5, 0.62))
add_box("BlockB", (2.0, 1.5, 0.9), (-3.0, 2.8, 0.0), color=(0.62, 0.58, 0.5))
keyed_tower("Tower", ("Height", "Taper", "Bulge", "Twist", "RoofPitch"), (0.86, 0.52, 0.32))

add_camera("Camera1", (8.6, -10.2, 5.6), (0.0, 0.0, 3.7), lens=45)
add_camera("Camera2", (-11.0, -6.0, 2.6), (0.0, 0.0, 3.9), lens=45)
