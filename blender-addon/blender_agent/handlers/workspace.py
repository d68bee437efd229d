"""This Blender process's private scratch folder (renders, snapshots, loaded scenes)."""

import atexit
import os
import shutil
import tempfile

_root = None


def scratch_dir():
    global _root
    if _root is None:
        _root = tempfile.mkdtemp(prefix="blender-agent-%d-" % os.getpid())
        atexit.register(shutil.rmtree, _root, True)
    return _root


def scratch_path(name):
    return os.path.join(scratch_dir(), name)
