"""``render.viewport``: what the artist sees, drawn off screen (never a window grab).

The 3D viewport is drawn into a ``GPUOffScreen`` with ``draw_view3d`` and read back,
so the image is right even when the window is covered or on a virtual display. The
result also describes the viewport as a camera so workers can render from it.
"""

import base64

import bpy
import gpu

from ..imaging.png import encode_rgba
from .. import errors
from ..errors import RpcError
from .values import matrix_rows

# Blender's viewport uses a 36 mm sensor fitted to the longer side of the region.
SENSOR_WIDTH = 36.0


def _largest_view3d():
    best = None
    for window in bpy.context.window_manager.windows:
        for area in window.screen.areas:
            if area.type != "VIEW_3D":
                continue
            region = next((r for r in area.regions if r.type == "WINDOW"), None)
            if region is None:
                continue
            if best is None or region.width * region.height > best[1].width * best[1].height:
                best = (area, region, area.spaces.active)
    return best


def _view_as_camera(space, width, height):
    rv3d = space.region_3d
    proj = rv3d.window_matrix
    fit = proj[0][0] if width >= height else proj[1][1]
    view = {"name": "viewport", "matrixWorld": matrix_rows(rv3d.view_matrix.inverted()),
            "clipStart": float(space.clip_start), "clipEnd": float(space.clip_end)}
    if rv3d.is_perspective:
        view.update(projection="PERSP", lens=float(fit * SENSOR_WIDTH / 2.0), sensorWidth=SENSOR_WIDTH)
    else:
        view.update(projection="ORTHO", orthoScale=float(2.0 / fit))
    return view


def render_viewport(params):
    found = _largest_view3d()
    if found is None:
        raise RpcError(errors.NOT_FOUND, "no 3D viewport is open in this Blender")
    area, region, space = found
    scale = float(params.get("scale", 1.0))
    width, height = max(8, int(region.width * scale)), max(8, int(region.height * scale))
    rv3d = space.region_3d
    view_matrix, projection = rv3d.view_matrix.copy(), rv3d.window_matrix.copy()
    offscreen = gpu.types.GPUOffScreen(width, height)
    try:
        with offscreen.bind():
            framebuffer = gpu.state.active_framebuffer_get()
            framebuffer.clear(color=(0.0, 0.0, 0.0, 0.0))
            offscreen.draw_view3d(bpy.context.scene, bpy.context.view_layer, space, region, view_matrix, projection,
                                  do_color_management=True)
            pixels = framebuffer.read_color(0, 0, width, height, 4, 0, "UBYTE")
    finally:
        offscreen.free()
    pixels.dimensions = width * height * 4
    png = encode_rgba(width, height, bytes(pixels), flip_vertically=True)
    return {
        "png": base64.b64encode(png).decode("ascii"),
        "width": width,
        "height": height,
        "view": _view_as_camera(space, width, height),
        "viewMatrix": matrix_rows(view_matrix),
        "projectionMatrix": matrix_rows(projection),
    }
