"""A cartoon car whose body shape is made of shape keys, on a grey ground.

The car points toward +X; wheels (static) at x = +-1.3. The keyed object "CarBody" is a box
lattice bent into a car profile; its shape keys:
  HoodLength   windshield moves back, the hood gets longer (roof shorter)
  RoofHeight   taller cabin
  Spoiler      a raised wing across the back of the trunk
  FenderFlare  wider body around the wheel arches
  Lowered      body sits lower over the wheels (arches keep hugging the tyres)
The body has paint, glass and light materials, so this scene shows Workbench MATERIAL colours.
The editable program only sets key values.
"""

import bmesh

WHEEL_X = 1.3
WHEEL_R = 0.34
NX, NY, NZ = 60, 10, 8


def smoothstep(e0, e1, x):
    t = min(1.0, max(0.0, (x - e0) / (e1 - e0)))
    return t * t * (3.0 - 2.0 * t)


def box_lattice(nx, ny, nz):
    """Quads covering the surface of the integer box [0,nx]x[0,ny]x[0,nz]."""
    index, lattice, faces = {}, [], []
    size = (nx, ny, nz)

    def vid(c):
        c = tuple(c)
        if c not in index:
            index[c] = len(lattice)
            lattice.append(c)
        return index[c]

    for axis in range(3):
        a, b = [d for d in range(3) if d != axis]
        for side in (0, size[axis]):
            for p in range(size[a]):
                for q in range(size[b]):
                    quad = []
                    for dp, dq in ((0, 0), (1, 0), (1, 1), (0, 1)):
                        c = [0, 0, 0]
                        c[axis], c[a], c[b] = side, p + dp, q + dq
                        quad.append(vid(c))
                    faces.append(tuple(quad))
    return lattice, faces


def profile(k):
    """Roof line knots (u, x, z): u is the lattice position along the car, fixed per knot."""
    xw = 0.75 - 0.8 * k.get("HoodLength", 0.0)
    roof = 1.42 + 0.32 * k.get("RoofHeight", 0.0)
    fin = 0.96 + 0.3 * k.get("Spoiler", 0.0)
    return [
        (-1.00, -2.10, 0.72),
        (-0.96, -2.08, 0.90),
        (-0.93, -2.05, fin),
        (-0.83, -1.90, fin),
        (-0.79, -1.84, 0.97),
        (-0.66, -1.55, 0.99),
        (-0.40, -0.95, roof),
        (0.00, xw - 0.75, roof),
        (0.34, xw, 0.93),
        (0.88, 1.85, 0.86),
        (1.00, 2.10, 0.62),
    ]


def along(knots, u):
    for (u0, x0, z0), (u1, x1, z1) in zip(knots, knots[1:]):
        if u <= u1:
            t = (u - u0) / (u1 - u0)
            return x0 + t * (x1 - x0), z0 + t * (z1 - z0)
    return knots[-1][1], knots[-1][2]


def car_point(c, k):
    u = 2.0 * c[0] / NX - 1.0
    v = 2.0 * c[1] / NY - 1.0
    w = 2.0 * c[2] / NZ - 1.0
    # round the cross-section (a squircle instead of a square)
    m = max(abs(v), abs(w))
    if m > 0:
        s = m / (abs(v) ** 5 + abs(w) ** 5) ** 0.2
        v, w = v * s, w * s
    x, top = along(profile(k), u)
    low = k.get("Lowered", 0.0)
    bottom = 0.28
    for wx in (-WHEEL_X, WHEEL_X):
        d = abs(x - wx) / 0.48
        if d < 1.0:
            bottom += (0.42 + 0.1 * low) * math.sqrt(1.0 - d * d)
    z = bottom + (w + 1.0) / 2.0 * (top - bottom)
    half = 0.9 * (1.0 - 0.25 * (max(0.0, abs(x) - 1.6) / 0.5) ** 2)
    half *= 1.0 - 0.2 * smoothstep(0.95, 1.45, z)
    flare = k.get("FenderFlare", 0.0)
    if flare:
        near = sum(math.exp(-((x - wx) / 0.5) ** 2) for wx in (-WHEEL_X, WHEEL_X))
        half += 0.14 * flare * near * (1.0 - smoothstep(0.6, 1.0, z))
    return Vector((x, v * half, z - 0.1 * low))


def body_verts(lattice, k):
    return [car_point(c, k) for c in lattice]


def face_zone(lattice, basis, face):
    """'glass', 'head', 'tail' or 'paint' for a face, from its lattice cell and basis position."""
    cs = [lattice[i] for i in face]
    u = sum(2.0 * c[0] / NX - 1.0 for c in cs) / 4
    v = sum(2.0 * c[1] / NY - 1.0 for c in cs) / 4
    z = sum(basis[i].z for i in face) / 4
    top = all(c[2] == NZ for c in cs)
    side = all(c[1] in (0, NY) for c in cs)
    if top and abs(v) < 0.85 and (0.01 < u < 0.33 or -0.64 < u < -0.42):
        return "glass"
    if side and -0.38 < u < 0.3 and 0.99 < z < 1.36 and all(c[2] < NZ for c in cs):
        return "glass"
    if all(c[0] == NX for c in cs) and 0.4 < abs(v) < 0.85 and 0.46 < z < 0.58:
        return "head"
    if all(c[0] == 0 for c in cs) and 0.4 < abs(v) < 0.85 and 0.5 < z < 0.66:
        return "tail"
    return "paint"


def build_body():
    lattice, faces = box_lattice(NX, NY, NZ)
    basis = body_verts(lattice, {})
    mesh = bpy.data.meshes.new("CarBody")
    mesh.from_pydata([tuple(p) for p in basis], [], faces)
    bm = bmesh.new()
    bm.from_mesh(mesh)
    bmesh.ops.recalc_face_normals(bm, faces=bm.faces)
    bm.to_mesh(mesh)
    bm.free()
    zones = ("paint", "glass", "head", "tail")
    colors = ((0.78, 0.1, 0.07), (0.12, 0.16, 0.22), (0.95, 0.92, 0.7), (0.5, 0.02, 0.02))
    for zone, color in zip(zones, colors):
        mesh.materials.append(material("Car" + zone.title(), color, roughness=0.3))
    for poly in mesh.polygons:
        poly.use_smooth = True
        poly.material_index = zones.index(face_zone(lattice, basis, poly.vertices))
    if hasattr(mesh, "use_auto_smooth"):
        mesh.use_auto_smooth = True
        mesh.auto_smooth_angle = 50 * DEG
    elif hasattr(mesh, "set_sharp_from_angle"):
        mesh.set_sharp_from_angle(angle=50 * DEG)
    obj = bpy.data.objects.new("CarBody", mesh)
    bpy.context.scene.collection.objects.link(obj)
    obj.color = (*colors[0], 1.0)
    obj.shape_key_add(name="Basis")
    for key in ("HoodLength", "RoofHeight", "Spoiler", "FenderFlare", "Lowered"):
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for p in body_verts(lattice, {key: 1.0}) for c in p])
    mesh.update()
    return obj


def wheel(name, x, y):
    bpy.ops.mesh.primitive_cylinder_add(radius=WHEEL_R, depth=0.26, vertices=32, location=(x, y, WHEEL_R),
                                        rotation=(90 * DEG, 0.0, 0.0))
    tyre = bpy.context.object
    bpy.ops.object.shade_smooth()
    tyre.name = tyre.data.name = name
    tyre.color = (0.06, 0.06, 0.07, 1.0)
    tyre.data.materials.append(material(name + "Material", (0.06, 0.06, 0.07)))
    side = 1.0 if y > 0 else -1.0
    bpy.ops.mesh.primitive_cylinder_add(radius=0.2, depth=0.04, vertices=24, location=(x, y + side * 0.13, WHEEL_R),
                                        rotation=(90 * DEG, 0.0, 0.0))
    hub = bpy.context.object
    hub.name = hub.data.name = name + "Hub"
    hub.color = (0.75, 0.75, 0.78, 1.0)
    hub.data.materials.append(material(name + "HubMaterial", (0.75, 0.75, 0.78), metallic=1.0))


setup_scene(background=(0.62, 0.7, 0.78), workbench_color="MATERIAL")
add_plane("Ground", 200.0, color=(0.42, 0.42, 0.4))
build_body()
for i, (x, y) in enumerate(((WHEEL_X, -0.8), (WHEEL_X, 0.8), (-WHEEL_X, -0.8), (-WHEEL_X, 0.8))):
    wheel("Wheel%d" % i, x, y)

add_camera("Camera1", (4.6, -4.2, 2.3), (0.0, 0.0, 0.6), lens=50)
add_camera("Camera2", (-2.3, 5.6, 1.5), (-0.1, 0.0, 0.65), lens=50)
