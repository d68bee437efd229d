"""The reference harness's way to evaluate one candidate, for comparison: a fresh Blender.

blender -b --factory-startup --python process_per_candidate.py -- SCENE.py PROGRAM.py OUT_DIR ENGINE SIZE

Builds the scene from its script, runs the program, renders Camera1 and Camera2, exits.
"""

import os
import sys

import bpy

ENGINES = {"WORKBENCH": "BLENDER_WORKBENCH", "EEVEE": "BLENDER_EEVEE", "CYCLES": "CYCLES"}

scene_path, program_path, out_dir, engine, size = sys.argv[sys.argv.index("--") + 1:]
bpy.ops.wm.read_factory_settings(use_empty=True)
for path in (scene_path, program_path):
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), {"__name__": "__main__", "bpy": bpy})
scene = bpy.context.scene
scene.render.engine = ENGINES[engine]
scene.render.resolution_x = scene.render.resolution_y = int(size)
scene.render.resolution_percentage = 100
for camera in ("Camera1", "Camera2"):
    scene.camera = bpy.data.objects[camera]
    scene.render.filepath = os.path.join(out_dir, camera + ".png")
    bpy.ops.render.render(write_still=True)
