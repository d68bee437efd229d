"""Entry point for headless workers: ``blender -b --python worker_main.py -- ...``.

Puts this folder on ``sys.path`` so the add-on package imports without being
installed, then hands over to ``blender_agent.worker``.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from blender_agent.worker import main  # noqa: E402

main()
