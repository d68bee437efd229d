"""What the Agent panel knows of the episode it started: the sidecar's last progress
notification (``episode.progress``), the providers the sidecar offers, and the last
request error. Main thread only.
"""

import base64
import os
import tempfile

import bpy
import bpy.utils.previews

from .redraw import redraw_agent_panels

GOAL_IMAGE = "goal"
CURRENT_IMAGE = "current"

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
        print("[blender-agent] episode.list: %s" % request_error, flush=True)
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


# The goal and current images, as custom previews: filled with pixels here, so Blender never
# renders them in its background preview job. (Reloading an image whose preview that job was
# making crashed Blender 3.4: a libpng CRC error on the half-rewritten file, then a segfault.)
_previews = None


def preview_icon(name):
    """The icon id of image ``name``'s preview, or 0 when there is none yet."""
    preview = _previews.get(name) if _previews is not None else None
    return preview.icon_id if preview is not None else 0


def free_previews():
    """At unregister: give the previews back to Blender."""
    global _previews
    if _previews is not None:
        bpy.utils.previews.remove(_previews)
        _previews = None


def _show_png(name, png_base64):
    """Show a PNG from the sidecar as preview ``name``: decoded by Blender, then its pixels copied."""
    global _previews
    if _previews is None:
        _previews = bpy.utils.previews.new()
    fd, path = tempfile.mkstemp(suffix=".png", prefix="blender-agent-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(base64.b64decode(png_base64))
        image = bpy.data.images.load(path, check_existing=False)
        try:
            size, pixels = tuple(image.size), image.pixels[:]
        finally:
            bpy.data.images.remove(image)
    finally:
        os.remove(path)
    if not size[0] or not size[1]:
        return
    preview = _previews.get(name) or _previews.new(name)
    preview.image_size = size
    preview.image_pixels_float = pixels
    preview.icon_size = size
    preview.icon_pixels_float = pixels
