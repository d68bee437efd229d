"""Scene states a Blender can return to: loaded scenes (workers) and snapshots.

A state is a .blend file in this process's scratch folder; returning to it is
``open_mainfile``, a few milliseconds for a task scene. That makes a reset exact:
whatever a program did, the next candidate starts from the same bytes.
"""

import hashlib
import os
import time
import uuid

import bpy

from .. import errors
from ..errors import RpcError
from ..transport.jsonrpc import require
from .program_exec import run_code
from .workspace import scratch_path


def _keep_unused_data():
    """Give data-blocks nobody uses yet a fake user, so saving the state keeps them.

    A scene builder may make a material or node group that only the program assigns;
    without this, the save that makes the state would silently drop it.
    """
    for collection in (bpy.data.materials, bpy.data.node_groups, bpy.data.meshes, bpy.data.images,
                       bpy.data.textures, bpy.data.curves):
        for block in collection:
            if block.users == 0:
                block.use_fake_user = True


class SceneStates:
    def __init__(self, snapshot_dir=None):
        """``snapshot_dir``: where snapshots go (default: the scratch folder, removed at exit)."""
        self.snapshot_dir = snapshot_dir
        self.scenes = {}  # sceneId -> .blend path
        self.snapshots = {}  # snapshotId -> .blend path
        self.current_scene = None

    def _save(self, path):
        bpy.ops.wm.save_as_mainfile(filepath=path, copy=True, compress=False, relative_remap=False)

    def _open(self, path):
        bpy.ops.wm.open_mainfile(filepath=path, load_ui=False)

    # -- scene.load ----------------------------------------------------------------

    def load(self, params):
        source = require(params, "source", dict)
        start = time.perf_counter()
        if "blendPath" in source:
            path = source["blendPath"]
            if not os.path.isfile(path):
                raise RpcError(errors.NOT_FOUND, "no .blend file at %r" % path)
            with open(path, "rb") as f:
                scene_id = "blend-" + hashlib.sha256(f.read()).hexdigest()[:16]
            self._open(path)
        elif "script" in source:
            script = source["script"]
            name = source.get("name") or "scene.py"
            scene_id = "script-" + hashlib.sha256(script.encode("utf-8")).hexdigest()[:16]
            bpy.ops.wm.read_factory_settings(use_empty=True)
            run_code(script, name)
        else:
            raise RpcError(errors.INVALID_PARAMS, "Invalid params: source needs 'blendPath' or 'script'")
        _keep_unused_data()
        state_path = scratch_path(scene_id + ".blend")
        self._save(state_path)
        self.scenes[scene_id] = state_path
        self.current_scene = scene_id
        return {"sceneId": scene_id, "objects": len(bpy.data.objects),
                "loadMs": (time.perf_counter() - start) * 1000.0}

    def reset(self, scene_id):
        path = self.scenes.get(scene_id)
        if path is None:
            raise RpcError(errors.NOT_FOUND, "scene %r is not loaded in this Blender; call scene.load first" % scene_id,
                           {"sceneId": scene_id})
        self._open(path)
        self.current_scene = scene_id

    # -- snapshots -----------------------------------------------------------------

    def snapshot(self, params):
        snapshot_id = uuid.uuid4().hex[:12]
        name = "snapshot-%s.blend" % snapshot_id
        path = os.path.join(self.snapshot_dir, name) if self.snapshot_dir else scratch_path(name)
        self._save(path)
        self.snapshots[snapshot_id] = path
        return {"snapshotId": snapshot_id, "path": path}

    def restore(self, params):
        snapshot_id = params.get("snapshotId")
        path = self.snapshots.get(snapshot_id)
        if path is None:
            raise RpcError(errors.NOT_FOUND, "no snapshot %r (known: %s)"
                           % (snapshot_id, ", ".join(self.snapshots) or "none"))
        start = time.perf_counter()
        self._open(path)
        return {"restored": True, "restoreMs": (time.perf_counter() - start) * 1000.0}
