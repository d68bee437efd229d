"""The live role: this interactive Blender's connection to the sidecar.

The connection's I/O thread never touches ``bpy``. A persistent timer drains its
queue on the main thread (with the main window as context, so operators such as
undo and render work) and redraws the Agent panel when the state changes. Blender's
UI keeps running whatever the network does: connecting, reconnecting, or down.
"""

import os

import bpy

from . import PROTOCOL_VERSION
from . import edit_requests, episode_state
from .handlers import build_methods
from .redraw import redraw_agent_panels
from .transport.connection import CONNECTED, Connection
from .transport.jsonrpc import Dispatcher

PUMP_INTERVAL = 0.05  # seconds between queue drains while connected
IDLE_INTERVAL = 0.25
MAX_MESSAGES_PER_TICK = 8

_connection = None
_dispatcher = None
_state_seen = None


def log(message):
    # Flushed: Blender's console may be a pipe (a launcher, a terminal multiplexer), where a
    # block-buffered line would show only at exit.
    print("[blender-agent] %s" % message, flush=True)


def connection():
    return _connection


def connect(url, token, tls_fingerprint=None):
    """Start (or restart) the connection; returns immediately."""
    global _connection, _dispatcher
    disconnect()
    hello = {"role": "live", "protocolVersion": PROTOCOL_VERSION}
    identity = {"blenderVersion": bpy.app.version_string, "file": bpy.data.filepath, "pid": os.getpid()}
    _dispatcher = Dispatcher(build_methods("live"))
    _connection = Connection(url, hello, token, identity, reconnect=True, log=log, tls_fingerprint=tls_fingerprint)
    _connection.start()
    if not bpy.app.timers.is_registered(_tick):
        bpy.app.timers.register(_tick, first_interval=0.0, persistent=True)


def disconnect():
    global _connection
    if _connection is not None:
        _connection.stop("disconnected by the user", join_timeout=0)
        _connection = None
    redraw_agent_panels()


def _main_window_context():
    window = bpy.context.window
    if window is None:
        windows = bpy.context.window_manager.windows
        window = windows[0] if len(windows) else None
    if window is None:
        return None
    return bpy.context.temp_override(window=window, screen=window.screen)


def _tick():
    """Timer: answer queued requests on the main thread; redraw the panel on change."""
    global _state_seen
    conn = _connection
    if conn is None:
        return None  # unregister the timer
    conn.deliver_replies()
    if conn.inbox.qsize():
        override = _main_window_context()
        if override is None:
            conn.pump(_dispatcher, max_messages=MAX_MESSAGES_PER_TICK)
        else:
            with override:
                conn.pump(_dispatcher, max_messages=MAX_MESSAGES_PER_TICK)
    # The session, not just the state: a drop and a reconnect can both happen between two
    # ticks (the main thread may be busy drawing for a second), and must still be noticed.
    seen = (conn.state, conn.session_id if conn.state == CONNECTED else None)
    if seen != _state_seen:
        was_connected = _state_seen is not None and _state_seen[0] == CONNECTED
        _state_seen = seen
        if conn.state == CONNECTED:
            if was_connected:
                episode_state.connection_lost()
            # What the sidecar's agent offers, for the panel's choices (keys stay there), and
            # the episodes waiting for a Blender (this one's, after a drop or a sidecar restart).
            conn.request_async("agent.options", {}, lambda result, err: episode_state.set_options(result))
            conn.request_async("episode.list", {}, episode_state.set_offers)
        else:
            episode_state.connection_lost()
        edit_requests.clear()  # an ask from before a drop cannot be answered any more
        redraw_agent_panels()
    return PUMP_INTERVAL if conn.state == CONNECTED else IDLE_INTERVAL


