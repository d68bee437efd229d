"""``render.views``: render cameras (or explicit views) to PNG bytes.

Every setting this touches is put back afterwards, so rendering in the artist's scene
leaves their render settings as they were. Renders are written to this process's own
temporary folder and read back, never to a shared path. Stamp metadata (date, render
time...) is switched off so the same scene gives byte-identical PNGs.
"""

import base64
import contextlib
import os
import time

import bpy
from mathutils import Matrix

from .. import compat, errors
from ..errors import RpcError
from ..protocol import RENDER_DEFAULTS, VIEW_DEFAULTS
from ..transport.jsonrpc import require
from .workspace import scratch_path

_STAMP_FLAGS = (
    "use_stamp_date", "use_stamp_time", "use_stamp_render_time", "use_stamp_frame", "use_stamp_frame_range",
    "use_stamp_memory", "use_stamp_hostname", "use_stamp_camera", "use_stamp_lens", "use_stamp_scene",
    "use_stamp_marker", "use_stamp_filename", "use_stamp_sequencer_strip", "use_stamp_note", "use_stamp",
)


def set_engine(render, name):
    """Set our engine name on ``render``; returns the identifier this Blender uses for it."""
    ident = compat.set_engine(render, name)
    if ident is None:
        raise RpcError(errors.RENDER_FAILED, "render engine %s is not available in this Blender" % name)
    return ident


@contextlib.contextmanager
def _saved(obj, names):
    """Restore attributes of ``obj`` on exit."""
    saved = {}
    for name in names:
        if hasattr(obj, name):
            saved[name] = getattr(obj, name)
    try:
        yield obj
    finally:
        for name, value in saved.items():
            try:
                setattr(obj, name, value)
            except (AttributeError, TypeError, ValueError):
                pass


@contextlib.contextmanager
def render_settings(scene, settings):
    render = scene.render
    image = render.image_settings
    with contextlib.ExitStack() as stack:
        stack.enter_context(_saved(scene, ["camera"]))
        stack.enter_context(_saved(render, ["engine", "resolution_x", "resolution_y", "resolution_percentage",
                                            "filepath", "use_file_extension", "film_transparent"] + list(_STAMP_FLAGS)))
        stack.enter_context(_saved(image, ["file_format", "color_mode", "color_depth", "compression"]))
        settings = dict(RENDER_DEFAULTS, **settings)
        engine = set_engine(render, settings["engine"])
        render.resolution_x = int(settings["width"])
        render.resolution_y = int(settings["height"])
        render.resolution_percentage = 100
        render.film_transparent = False
        for flag in _STAMP_FLAGS:
            if hasattr(render, flag):
                setattr(render, flag, False)
        image.file_format = "PNG"
        image.color_mode = "RGB"
        image.color_depth = "8"
        image.compression = 15
        samples = int(settings["samples"])
        if engine == "CYCLES":
            cycles = stack.enter_context(_saved(scene.cycles, ["samples", "seed", "use_animated_seed", "use_denoising",
                                                               "device", "use_adaptive_sampling"]))
            cycles.samples = samples
            cycles.seed = int(settings["seed"])
            cycles.use_animated_seed = False
            cycles.use_denoising = False  # Debian's build has no denoiser; noise is also honest
            cycles.device = "CPU"
        elif engine.startswith("BLENDER_EEVEE"):
            eevee = stack.enter_context(_saved(scene.eevee, ["taa_render_samples"]))
            eevee.taa_render_samples = samples
        yield engine


@contextlib.contextmanager
def _view_camera(scene, view):
    """The camera object for a view: an existing one, or a temporary one for an explicit view."""
    if "camera" in view:
        obj = scene.objects.get(view["camera"])
        if obj is None or obj.type != "CAMERA":
            cameras = sorted(o.name for o in scene.objects if o.type == "CAMERA")
            raise RpcError(errors.NOT_FOUND, "no camera named %r in scene %r (cameras: %s)"
                           % (view["camera"], scene.name, ", ".join(cameras) or "none"))
        yield obj
        return
    view = dict(VIEW_DEFAULTS, **view)
    data = bpy.data.cameras.new("agent-view-" + view["name"])
    data.type = view["projection"]
    data.lens = float(view["lens"])
    data.sensor_width = float(view["sensorWidth"])
    data.ortho_scale = float(view["orthoScale"])
    data.clip_start = float(view["clipStart"])
    data.clip_end = float(view["clipEnd"])
    obj = bpy.data.objects.new("agent-view-" + view["name"], data)
    m = view["matrixWorld"]
    obj.matrix_world = Matrix([m[0:4], m[4:8], m[8:12], m[12:16]])
    scene.collection.objects.link(obj)
    try:
        yield obj
    finally:
        bpy.data.objects.remove(obj, do_unlink=True)
        bpy.data.cameras.remove(data)


def view_name(view):
    return view["camera"] if "camera" in view else view["name"]


_warmed_up = False


def _warm_up_once():
    """One tiny throwaway render before the first real one. The first render of a Blender
    process can differ in its last bits from every later render of the same scene (seen
    with Workbench on 3.4), so equal programs would not give equal bytes. Done at the first
    render, not at start-up: it pays the GPU set-up the first render pays anyway."""
    global _warmed_up
    if _warmed_up:
        return
    _warmed_up = True
    identity = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    render_views([{"name": "warm-up", "matrixWorld": identity}], {"engine": "WORKBENCH", "width": 8, "height": 8})


def render_views(views, settings, visibility=None):
    """Render each view; ``visibility`` (a ``Visibility``), when given, looks through each view's camera too."""
    _warm_up_once()
    scene = bpy.context.scene
    images = []
    total_start = time.perf_counter()
    with render_settings(scene, settings) as engine:
        for index, view in enumerate(views):
            path = scratch_path("render-%d.png" % index)
            with _view_camera(scene, view) as camera:
                scene.camera = camera
                if visibility is not None:
                    visibility.look(camera)
                scene.render.filepath = path
                start = time.perf_counter()
                try:
                    bpy.ops.render.render(write_still=True)
                except RuntimeError as exc:
                    raise RpcError(errors.RENDER_FAILED, "render of view %r failed: %s" % (view_name(view), exc))
                elapsed = (time.perf_counter() - start) * 1000.0
            if not os.path.exists(path):
                raise RpcError(errors.RENDER_FAILED, "render of view %r wrote no image" % view_name(view))
            with open(path, "rb") as f:
                png = f.read()
            os.remove(path)
            images.append({"view": view_name(view), "png": base64.b64encode(png).decode("ascii"),
                           "width": scene.render.resolution_x, "height": scene.render.resolution_y,
                           "renderMs": elapsed})
    return {"images": images, "engine": engine, "renderMs": (time.perf_counter() - total_start) * 1000.0}


def require_views(params):
    views = require(params, "views", list)
    if not views:
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: 'views' must not be empty")
    return views


def handle_render_views(params):
    return render_views(require_views(params), params.get("settings") or {})

