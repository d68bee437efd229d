"""A stylized cartoon head whose expression is made of shape keys.

The face looks toward -Y (its own left is +X). Keyed objects and their shape keys:
  Head     JawOpen, CheekPuff, ChinPoint
  Mouth    JawOpen, Smile, Wide, CheekPuff   (the mouth rides on the skin, so it shares two head keys)
  Brows    BrowRaise, BrowFrown, BrowSad
  Eyelids  BlinkLeft, BlinkRight, EyesWide
Static: Eyes, Pupils, Nose, Ears, Neck, Shirt. The editable program only sets key values.
"""


RX, RY, RZ = 0.9, 0.85, 1.1  # head ellipsoid radii
EYE_RADIUS = 0.16
LID_RADIUS = 0.185


def smoothstep(e0, e1, x):
    t = min(1.0, max(0.0, (x - e0) / (e1 - e0)))
    return t * t * (3.0 - 2.0 * t)


def head_normal(p):
    return Vector((p.x / RX ** 2, p.y / RY ** 2, p.z / RZ ** 2)).normalized()


def skin_point(x, z):
    """The point of the (undeformed) head's front surface above (x, z)."""
    r = 1.0 - (x / RX) ** 2 - (z / RZ) ** 2
    return Vector((x, -RY * math.sqrt(max(r, 1e-4)), z))


def head_deform(p, k):
    """Where the head's skin point p goes for key weights k (one key at a time)."""
    q = p.copy()
    puff = k.get("CheekPuff", 0.0)
    if puff:
        n = head_normal(p)
        for s in (-1.0, 1.0):
            centre = Vector((s * 0.58, -0.63, -0.2))
            w = math.exp(-(p - centre).length_squared / (2 * 0.2 ** 2))
            q += n * 0.2 * puff * w
    jaw = k.get("JawOpen", 0.0)
    if jaw:
        q.z -= 0.32 * jaw * smoothstep(-0.38, -0.95, p.z)
    chin = k.get("ChinPoint", 0.0)
    if chin:
        w = smoothstep(-0.15, -1.1, p.z)
        q.x *= 1.0 - 0.45 * chin * w
        q.z -= 0.12 * chin * w * w
        q.y -= 0.12 * chin * w * max(0.0, -p.y / RY)
    return q


def build_head(k):
    rings, segs = 30, 44
    verts, faces = [], []
    verts.append(Vector((0, 0, RZ)))
    for j in range(1, rings):
        phi = math.pi * j / rings
        for i in range(segs):
            th = 2 * math.pi * i / segs
            verts.append(Vector((RX * math.sin(phi) * math.cos(th), RY * math.sin(phi) * math.sin(th), RZ * math.cos(phi))))
    verts.append(Vector((0, 0, -RZ)))
    last = len(verts) - 1
    row = lambda j, i: 1 + (j - 1) * segs + (i % segs)
    for i in range(segs):
        faces.append((0, row(1, i), row(1, i + 1)))
        faces.append((last, row(rings - 1, i + 1), row(rings - 1, i)))
    for j in range(1, rings - 1):
        for i in range(segs):
            faces.append((row(j, i), row(j + 1, i), row(j + 1, i + 1), row(j, i + 1)))
    return [head_deform(v, k) for v in verts], faces


def build_mouth(k):
    """A dark lens on the skin: lower lip curve to upper lip curve, across t in [-1, 1]."""
    nt, ns = 25, 5
    smile, wide, jaw = k.get("Smile", 0.0), k.get("Wide", 0.0), k.get("JawOpen", 0.0)
    half = 0.27 + 0.13 * wide + 0.03 * smile
    lift = 0.13 * smile
    lower, upper = 0.035 + 0.19 * jaw, 0.035 + 0.02 * jaw
    skin_keys = {name: k[name] for name in ("CheekPuff", "JawOpen") if name in k}
    verts, faces = [], []
    for a in range(nt):
        t = -1.0 + 2.0 * a / (nt - 1)
        env = 0.25 + 0.75 * (1.0 - t * t) ** 0.7
        mid = -0.33 + lift * t * t
        for b in range(ns):
            s = b / (ns - 1)
            z = mid - lower * env + s * (lower + upper) * env
            sp = skin_point(half * t, z)
            p = sp + head_normal(sp) * 0.03
            if skin_keys:
                p += head_deform(sp, skin_keys) - sp
            verts.append(p)
    for a in range(nt - 1):
        for b in range(ns - 1):
            i = a * ns + b
            faces.append((i, i + ns, i + ns + 1, i + 1))
    return verts, faces


def build_brows(k):
    """Two bars lying on the forehead, each a box tube from the inner to the outer end."""
    n = 12
    raise_, frown, sad = k.get("BrowRaise", 0.0), k.get("BrowFrown", 0.0), k.get("BrowSad", 0.0)
    verts, faces = [], []
    for side in (-1.0, 1.0):
        base = len(verts)
        for a in range(n):
            t = a / (n - 1)
            x = side * (0.1 + 0.42 * t)
            z = 0.48 + 0.06 * math.sin(math.pi * t) + 0.15 * raise_
            z += frown * (-0.14 * (1 - t) + 0.05 * t) + sad * (0.13 * (1 - t) - 0.05 * t)
            sp = skin_point(x, z)
            nrm = head_normal(sp)
            up = (Vector((0, 0, 1)) - nrm * nrm.z).normalized()
            for dn, du in ((0.0, -0.04), (0.06, -0.04), (0.06, 0.04), (0.0, 0.04)):
                verts.append(sp + nrm * (dn - 0.01) + up * du)
        for a in range(n - 1):
            for c in range(4):
                i0, i1 = base + a * 4 + c, base + a * 4 + (c + 1) % 4
                faces.append((i0, i1, i1 + 4, i0 + 4))
        faces.append(tuple(base + c for c in range(4)))
        faces.append(tuple(base + (n - 1) * 4 + c for c in (3, 2, 1, 0)))
    return verts, faces


def eye_centre(side):
    sp = skin_point(side * 0.3, 0.15)
    return Vector((side * 0.3, sp.y + 0.08, 0.15))


def build_lids(k):
    """A spherical lid over each eye, from behind the top down to its edge angle."""
    rows, cols = 10, 17
    verts, faces = [], []
    for side, key in ((1.0, "BlinkLeft"), (-1.0, "BlinkRight")):
        centre = eye_centre(side)
        edge = 50.0 + 98.0 * k.get(key, 0.0) - 32.0 * k.get("EyesWide", 0.0)
        start = -60.0
        base = len(verts)
        for r in range(rows):
            al = math.radians(start + (edge - start) * r / (rows - 1))
            for c in range(cols):
                be = math.radians(-85.0 + 170.0 * c / (cols - 1))
                d = Vector((math.sin(be), -math.cos(be) * math.sin(al), math.cos(be) * math.cos(al)))
                verts.append(centre + d * LID_RADIUS)
        for r in range(rows - 1):
            for c in range(cols - 1):
                i = base + r * cols + c
                faces.append((i, i + 1, i + cols + 1, i + cols))
    return verts, faces


def keyed_mesh(name, build, keys, color, smooth=True):
    verts, faces = build({})
    obj = make_mesh(name, verts, faces, color, smooth)
    obj.shape_key_add(name="Basis")
    for key in keys:
        kverts, _ = build({key: 1.0})
        block = obj.shape_key_add(name=key, from_mix=False)
        block.data.foreach_set("co", [c for v in kverts for c in v])
    obj.data.update()
    return obj


setup_scene(background=(0.42, 0.5, 0.58))

SKIN = (0.95, 0.62, 0.42)
keyed_mesh("Head", build_head, ("JawOpen", "CheekPuff", "ChinPoint"), SKIN)
keyed_mesh("Mouth", build_mouth, ("JawOpen", "Smile", "Wide", "CheekPuff"), (0.5, 0.06, 0.1))
keyed_mesh("Brows", build_brows, ("BrowRaise", "BrowFrown", "BrowSad"), (0.25, 0.14, 0.07))
keyed_mesh("Eyelids", build_lids, ("BlinkLeft", "BlinkRight", "EyesWide"), (0.85, 0.5, 0.35))

for side, tag in ((1.0, "L"), (-1.0, "R")):
    c = eye_centre(side)
    eye = add_sphere("Eye" + tag, EYE_RADIUS, (c.x, c.y, c.z - EYE_RADIUS), color=(0.96, 0.96, 0.94))
    pupil = add_sphere("Pupil" + tag, 0.065, (c.x, c.y - 0.152, c.z - 0.065), color=(0.05, 0.05, 0.08))
    pupil.scale = (1.0, 0.35, 1.0)
    ear = add_sphere("Ear" + tag, 0.2, (side * 0.86, 0.05, -0.05), color=SKIN)
    ear.scale = (0.45, 0.8, 1.0)
nose_at = skin_point(0.0, -0.04)
add_sphere("Nose", 0.12, (0.0, nose_at.y + 0.02, -0.04 - 0.12), color=(0.93, 0.5, 0.36))
add_cylinder("Neck", 0.36, 0.9, (0.0, 0.08, -1.55), color=SKIN)
shirt = add_sphere("Shirt", 1.0, (0.0, 0.15, -2.55), color=(0.2, 0.45, 0.35), subdivisions=4)
shirt.scale = (1.5, 0.75, 0.9)

add_camera("Camera1", (0.7, -4.6, 0.5), (0.0, 0.0, -0.12), lens=60)
add_camera("Camera2", (-2.9, -3.7, 1.1), (0.0, 0.0, -0.1), lens=60)
