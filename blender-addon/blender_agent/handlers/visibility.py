"""How much of each object the rendered views see.

The offline search must not win by hiding things: an object moved under the floor, into
a desk top or behind a wall stops adding to the photometric loss, which looks like
progress. ``Visibility`` samples points of each object's bounding box (its corners, its
centre and its faces' centres, in world space, as evaluated) and, for each view's camera,
casts a ray from the camera to each point: a point is seen when it lies in the camera's
frame and nothing but the object itself stands in the way. The answer, per object, is
the share of its points some view sees (0: it left every view, or something hides it),
the share of its points that lie inside another object deeper than a tenth of its own
height (a mug sunk into a table top, an armchair into the floor) and how deep the deepest
lies (how far it must rise to stand on what it sank into), its world-space box, and
where each view's frame has its box's centre (the offline search aims objects with it).
"""

import bpy
from bpy_extras.object_utils import world_to_camera_view
from mathutils import Vector

_GEOMETRY = {"MESH", "CURVE", "SURFACE", "META", "FONT"}
# A hit this close to the point (relative to the distance) is the point itself, not something in front of it.
_SLACK = 1e-3
# A bounding box thinner than this on every axis (metres) holds no geometry.
_NO_EXTENT = 1e-9
_UP = Vector((0.0, 0.0, 1.0))
# How far past its own surface a ray goes on looking for another's (metres), and how many of its own it crosses.
_PAST = 1e-5
_MAX_OWN_HITS = 16
# A point inside another object by less than this share of its own object's height is where it stands.
_SHALLOW = 0.1


def _corners(obj):
    return [obj.matrix_world @ Vector(c) for c in obj.bound_box]


def _box(corners):
    """The world-space axis-aligned box around ``corners``: [min x, min y, min z, max x, max y, max z]."""
    return [min(c[i] for c in corners) for i in range(3)] + [max(c[i] for c in corners) for i in range(3)]


def _sample_points(corners):
    centre = sum(corners, Vector()) / 8.0
    # The bounding box's corners in bound_box order: faces are the 4-corner sets that share one coordinate.
    faces = [(0, 1, 2, 3), (4, 5, 6, 7), (0, 1, 5, 4), (3, 2, 6, 7), (0, 3, 7, 4), (1, 2, 6, 5)]
    face_centres = [sum((corners[i] for i in f), Vector()) / 4.0 for f in faces]
    # Pulled a little toward the centre, so a point on a flat object's box is not exactly on its surface.
    return [centre + (p - centre) * 0.98 for p in corners + face_centres] + [centre]


class Visibility:
    """The current scene's objects as the program left them; ``look`` through each view's camera."""

    def __init__(self):
        scene = self.scene = bpy.context.scene
        self.depsgraph = bpy.context.evaluated_depsgraph_get()
        self.points = {}
        self.boxes = {}
        for obj in scene.objects:
            if obj.type in _GEOMETRY and not obj.hide_render and obj.visible_get():
                corners = _corners(obj.evaluated_get(self.depsgraph))
                box = _box(corners)
                # A box of no extent is an object with no geometry left (every vertex deleted,
                # a count of 0): nothing of it renders, so none of it is seen.
                empty = all(box[i + 3] - box[i] < _NO_EXTENT for i in range(3))
                self.points[obj.name] = [] if empty else _sample_points(corners)
                self.boxes[obj.name] = [round(v, 6) for v in box]
        self.seen = {name: set() for name in self.points}
        self.frames = {name: [] for name in self.points}

    def look(self, camera):
        """Mark the points ``camera`` sees (call with each view's camera set up as it renders)."""
        ortho = camera.data.type == "ORTHO"
        forward = (camera.matrix_world.to_3x3() @ Vector((0.0, 0.0, -1.0))).normalized()
        eye = camera.matrix_world.translation
        for name, points in self.points.items():
            self.frames[name].append(self._frame_of_centre(camera, name))
            for index, point in enumerate(points):
                if index in self.seen[name]:
                    continue
                frame = world_to_camera_view(self.scene, camera, point)
                if not (0.0 <= frame.x <= 1.0 and 0.0 <= frame.y <= 1.0 and frame.z > 0.0):
                    continue
                origin = point - forward * (frame.z + 1.0) if ortho else eye
                if self._unblocked(origin, point, name):
                    self.seen[name].add(index)

    def _frame_of_centre(self, camera, name):
        """Where ``camera``'s frame has the centre of the object's box, [x, y] from the top left in
        shares of the frame's width and height (outside 0..1 when out of frame), or None behind it."""
        box = self.boxes[name]
        centre = Vector([(box[i] + box[i + 3]) / 2.0 for i in range(3)])
        frame = world_to_camera_view(self.scene, camera, centre)
        return [round(frame.x, 5), round(1.0 - frame.y, 5)] if frame.z > 0.0 else None

    def _unblocked(self, origin, point, name):
        offset = point - origin
        distance = offset.length
        if distance == 0.0:
            return True
        hit, location, _normal, _index, obj, _matrix = self.scene.ray_cast(
            self.depsgraph, origin, offset / distance, distance=distance)
        if not hit or obj is None or obj.name == name:
            return True
        return (location - origin).length >= distance * (1.0 - _SLACK)

    def _depth_inside_other(self, point, name):
        """How deep ``point`` lies within another object, and which (0 and None when it does
        not): straight up, the first surface of another object it meets is met from its back
        (the inside of a closed surface, or the underside of a floor), and the depth is how far
        up that is. A point under a table top meets its underside from the front, and one in a
        bowl meets nothing. Only up: looking down, an object on the floor meets the floor's face
        where its own bottom lies."""
        origin = point
        for _ in range(_MAX_OWN_HITS):
            hit, location, normal, _index, obj, _matrix = self.scene.ray_cast(self.depsgraph, origin, _UP)
            if not hit or obj is None:
                return 0.0, None
            if obj.name != name:
                return (location.z - point.z, obj.name) if normal.dot(_UP) > 0.0 else (0.0, None)
            origin = location + _UP * _PAST
        return 0.0, None

    def report(self):
        """Per object: the share of its points seen, the share inside another object, its world
        box (to tell whether a program moved it) and its centre in each view's frame."""
        def share(count, points):
            return count / float(len(points)) if points else 0.0

        def report_of(name, points):
            depths = [self._depth_inside_other(p, name) for p in points]
            # Deeper than a tenth of its own height: an object stands on what carries it, and
            # its feet may sink a little into a rug or a cushion as the scene was made.
            shallow = _SHALLOW * (self.boxes[name][5] - self.boxes[name][2])
            # How far it must rise for its deepest point to come out on top of what it sank into, and what that is.
            sunk, into = max(depths, key=lambda d: d[0], default=(0.0, None))
            report = {"seen": share(len(self.seen[name]), points),
                      "inside": share(sum(d > shallow for d, _ in depths), points),
                      "sunk": round(sunk, 6),
                      "box": self.boxes[name],
                      "frame": self.frames[name]}
            if into is not None:
                report["sunkInto"] = into
            return report

        return {name: report_of(name, points) for name, points in self.points.items()}
