"""Package the add-on as an installable zip: ``python3 build_zip.py OUT.zip``.

The zip holds the ``blender_agent/`` folder (bl_info for Blender 3.4+, and the
extension manifest for 4.2+). Caches and tests are left out.
"""

import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "blender_agent"


def build(out_path):
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    count = 0
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, files in os.walk(os.path.join(HERE, PACKAGE)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                archive.write(path, os.path.relpath(path, HERE))
                count += 1
    return count


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "dist", PACKAGE + ".zip")
    print("wrote %s (%d files)" % (out, build(out)))
