"""What the Agent panel knows of the episode it started: the sidecar's last progress
notification (``episode.progress``), the providers the sidecar offers, and the last
request error. Main thread only.
"""

import base64
import os

import bpy

from .redraw import redraw_agent_panels

GOAL_IMAGE = "Agent goal"
CURRENT_IMAGE = "Agent current"

# The sidecar's agent.options (None until fetched).
options = None
# The last progress notification, or None before any episode.
progress = None
# The last request still in flight ("starting", "pause", ...) or None, and how many are.
pending = None
_in_flight = 0
# The last request's failure, in the sidecar's words.
error = None
# Episodes the panel can take over (their Blender or the connection went away): episode.list's
# entries, plus this panel's own episode when the sidecar restarted.
offers = []
# What happened to the connection, when it matters to an episode ("The sidecar restarted...").
note = None
# A revert waiting for the artist's answer: the values they changed since the agent's last edit.
artist_edits = None
# This panel's episode lost with the connection (its id), until the sidecar has been asked about it.
_lost = None


def episode_id():
    return progress["episodeId"] if progress else None


def is_active():
    """An episode of this Blender is running or can go on (paused)."""
    return progress is not None and _lost is None and progress["status"] in ("ready", "running", "paused")


def connection_lost():
    """The connection dropped: the sidecar pauses this Blender's episode; it can be taken over on reconnect."""
    global _lost, note
    if is_active():
        _lost = progress["episodeId"]
        progress["status"] = "paused"
        note = "The connection to the sidecar dropped; reconnecting..."
    redraw_agent_panels()


def set_offers(result, request_error):
    """episode.list's answer, after a (re)connect: what the panel offers to resume, and why."""
    global _lost, note, offers
    listed = list((result or {}).get("episodes", []))
    if _lost is not None:
        if any(e["episodeId"] == _lost for e in listed):
            note = "Reconnected. Your episode paused when the connection dropped."
        else:
            note = "The sidecar restarted. Your episode's record is kept: Resume goes on from it."
            listed.insert(0, {"episodeId": _lost, "status": "paused", "iteration": progress["iteration"],
                              "depth": progress["depth"], "file": bpy.data.filepath})
        _lost = None
        progress["status"] = "detached"  # shown as paused, with the offer to resume above
    elif listed:
        note = "An episode is waiting: its Blender went away."
    offers = listed
    if request_error:  # asked in the background: not the artist's error to read
        print("[blender-agent] episode.list: %s" % request_error)
    redraw_agent_panels()


def attached(episode_id):
    """An offer taken: the episode is this Blender's again (its progress follows)."""
    global offers, note
    offers = [e for e in offers if e["episodeId"] != episode_id]
    note = None
    redraw_agent_panels()


def set_artist_edits(edits):
    global artist_edits
    artist_edits = edits or None
    redraw_agent_panels()


def set_pending(what):
    global pending, error, _in_flight
    pending, error = what, None
    _in_flight += 1
    redraw_agent_panels()


def request_done(message=None):
    global pending, error, _in_flight
    _in_flight = max(0, _in_flight - 1)
    if _in_flight == 0:
        pending = None
    if message:
        error = message
    redraw_agent_panels()


def show_error(message):
    global error
    error = message
    redraw_agent_panels()


def set_options(result):
    global options
    options = result
    redraw_agent_panels()


def apply_progress(params):
    """Handler of ``episode.progress``: keep the numbers, show the images."""
    global progress, _lost
    if params.get("goalPng"):
        _show_png(GOAL_IMAGE, params["goalPng"])
    if params.get("currentPng"):
        _show_png(CURRENT_IMAGE, params["currentPng"])
    progress = {k: v for k, v in params.items() if k not in ("goalPng", "currentPng")}
    _lost = None
    redraw_agent_panels()
    return None


def preview_icon(name):
    """The icon id of image ``name``'s preview, or 0 when there is none yet."""
    image = bpy.data.images.get(name)
    if image is None:
        return 0
    preview = image.preview_ensure() if hasattr(image, "preview_ensure") else image.preview
    return preview.icon_id if preview else 0


def _show_png(name, png_base64):
    """Put a PNG from the sidecar into image ``name`` (made on first use; no users, so never saved)."""
    folder = os.path.join(bpy.app.tempdir, "blender-agent")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "%s.png" % name.replace(" ", "-").lower())
    with open(path, "wb") as f:
        f.write(base64.b64decode(png_base64))
    image = bpy.data.images.get(name)
    if image is None:
        image = bpy.data.images.load(path, check_existing=False)
        image.name = name
    else:
        image.filepath = path
        image.reload()
    if image.preview is not None:
        image.preview.reload()
