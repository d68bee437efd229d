"""The connection to the sidecar: a background thread for network I/O, a queue for work.

The I/O thread connects and authenticates (``session.hello``, then ``session.authenticate``:
see ``handshake``). Until the sidecar has proved it holds the token, nothing it sends
reaches ``inbox``: a server that cannot prove it is refused and runs nothing. After that
the thread only moves messages: incoming requests go to ``inbox``; replies to the requests
this side sent resolve their waiters. Requests are answered by whoever calls ``pump`` —
Blender's main thread (a timer in the live role, the worker's own loop headless) — so
``bpy`` is never touched off it.
"""

import itertools
import json
import queue
import threading
import time

from .. import errors
from ..protocol import MAX_MESSAGE_BYTES
from . import handshake, jsonrpc
from .websocket_client import (CLOSE_POLICY, ConnectionClosed, HandshakeError, TlsRefused, WebSocketClient,
                               WebSocketError)

DISCONNECTED = "disconnected"
CONNECTING = "connecting"
CONNECTED = "connected"
REFUSED = "refused"  # the sidecar said no (token, version): retrying would not help
STOPPED = "stopped"


IMPOSTOR = ("The server at %s did not prove it holds the token: it is not your sidecar, or the token differs."
            " Nothing it sent was run.")


class Connection:
    """``hello``: role, protocolVersion (and workerId for workers). ``key``: the token (a
    worker's own key). ``identity``: blenderVersion, file, pid, sent only once the sidecar
    has proved itself."""

    def __init__(self, url, hello, key, identity=None, reconnect=True, on_state=None, log=print,
                 backoff=(0.5, 15.0), max_message_bytes=MAX_MESSAGE_BYTES, unix_socket=None, tls_fingerprint=None):
        self.url = url
        self.unix_socket = unix_socket
        self.tls_fingerprint = tls_fingerprint
        self.hello = dict(hello)
        self.key = key
        self.identity = dict(identity or {})
        self.reconnect = reconnect
        self.on_state = on_state
        self.log = log
        self.backoff_min, self.backoff_max = backoff
        self.max_message_bytes = max_message_bytes
        self.inbox = queue.Queue()
        self.state = DISCONNECTED
        self.detail = ""
        self.session_id = None
        self._ws = None
        self._stop = threading.Event()
        self._thread = None
        self._ids = itertools.count(1)
        self._waiters = {}
        self._waiters_lock = threading.Lock()
        # Replies to ``request_async`` calls, (callback, reply), for the main thread to deliver.
        self.replies = queue.Queue()

    # -- lifecycle -------------------------------------------------------------------

    def start(self):
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="blender-agent-io", daemon=True)
        self._thread.start()

    def stop(self, reason="client stopping", join_timeout=3.0):
        """Stop the I/O thread. A UI caller passes ``join_timeout=0`` so Blender never waits
        on the network (the thread is a daemon and ends by itself within its poll interval)."""
        self._stop.set()
        ws = self._ws
        if ws is not None:
            ws.close(reason=reason)
        if join_timeout and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=join_timeout)
        self._set_state(STOPPED, reason)

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def _set_state(self, state, detail=""):
        self.state, self.detail = state, detail
        if self.on_state is not None:
            try:
                self.on_state(state, detail)
            except Exception as exc:  # a UI callback must not kill the I/O thread
                self.log("state callback failed: %s" % exc)

    # -- I/O thread ------------------------------------------------------------------

    def _run(self):
        delay = self.backoff_min
        while not self._stop.is_set():
            self._set_state(CONNECTING, self.url)
            try:
                self._session()
                delay = self.backoff_min
            except (_Refused, TlsRefused) as exc:
                self._set_state(REFUSED, str(exc))
                self.log("refused: %s" % exc)
                return
            except HandshakeError as exc:
                if exc.status in (401, 403):
                    self._set_state(REFUSED, str(exc))
                    self.log(str(exc))
                    return
                self._set_state(DISCONNECTED, str(exc))
            except ConnectionClosed as exc:
                if exc.code == CLOSE_POLICY:  # the sidecar closed us for a reason retrying won't fix
                    self._set_state(REFUSED, exc.reason)
                    self.log("sidecar closed the connection: %s" % exc.reason)
                    return
                self._set_state(DISCONNECTED, str(exc))
            except (OSError, WebSocketError) as exc:
                self._set_state(DISCONNECTED, str(exc))
            finally:
                self._ws = None
                self._fail_waiters("connection lost")
            if self._stop.is_set() or not self.reconnect:
                break
            self.log("disconnected (%s); retrying in %.1fs" % (self.detail, delay))
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, self.backoff_max)
        if self.state != REFUSED:
            self._set_state(STOPPED, self.detail)

    def _session(self):
        ws = WebSocketClient(self.url, max_message_bytes=self.max_message_bytes, unix_socket=self.unix_socket,
                             tls_fingerprint=self.tls_fingerprint).connect()
        ws.settimeout(0.5)
        self._ws = ws
        try:
            self._authenticate(ws)
        except _Refused as exc:
            ws.close(CLOSE_POLICY, str(exc))
            raise
        while not self._stop.is_set():
            text = ws.recv_message(self._stop.is_set)
            try:
                message = json.loads(text)
            except ValueError:
                self.inbox.put(text)  # the dispatcher answers it with a parse error
                continue
            if jsonrpc.is_response(message):
                self._resolve(message)
            else:
                self.inbox.put(text)

    def _authenticate(self, ws):
        """The handshake. Requests that come before it ends are refused here, never queued."""
        nonce = handshake.new_nonce()
        role, worker_id = self.hello.get("role"), self.hello.get("workerId")
        hello_id = self._send_request(ws, "session.hello", dict(self.hello, nonce=nonce))
        result = self._await_reply(ws, hello_id)
        sidecar_nonce = result.get("nonce") if isinstance(result, dict) else None
        if not isinstance(sidecar_nonce, str):
            raise _Refused(IMPOSTOR % self.url)
        expected = handshake.proof(self.key, handshake.SIDECAR, role, worker_id, nonce, sidecar_nonce)
        if not handshake.proof_matches(expected, result.get("proof")):
            raise _Refused(IMPOSTOR % self.url)
        mine = handshake.proof(self.key, handshake.BLENDER, role, worker_id, nonce, sidecar_nonce)
        auth_id = self._send_request(ws, "session.authenticate", dict(self.identity, proof=mine))
        result = self._await_reply(ws, auth_id)
        self.session_id = result.get("sessionId") if isinstance(result, dict) else None
        self._set_state(CONNECTED, "session %s" % self.session_id)

    def _send_request(self, ws, method, params):
        id_ = "%s-%d" % (method.split(".")[-1], next(self._ids))
        ws.send_text(json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params}))
        return id_

    def _await_reply(self, ws, id_):
        """The result of our request ``id_``; a refusal raises. Anything else is not run."""
        while True:
            if self._stop.is_set():
                raise ConnectionClosed(1001, "stopped")
            try:
                message = json.loads(ws.recv_message(self._stop.is_set))
            except ValueError:
                continue
            if jsonrpc.is_response(message) and message.get("id") == id_:
                if "error" in message:
                    error = message["error"]
                    raise _Refused(error.get("message", "refused") if isinstance(error, dict) else "refused")
                return message.get("result")
            if isinstance(message, dict) and "method" in message and "id" in message:
                ws.send_text(json.dumps(jsonrpc.error_response(
                    message["id"] if jsonrpc.valid_id(message["id"]) else None, errors.UNAUTHORIZED,
                    "not authenticated: nothing runs before the sidecar has proved it holds the token")))

    # -- main-thread side --------------------------------------------------------------

    def send_text(self, text):
        ws = self._ws
        if ws is None:
            return False
        try:
            ws.send_text(text)
            return True
        except WebSocketError as exc:
            self.log("reply not sent: %s" % exc)
            return False

    def pump(self, dispatcher, max_messages=None, block_seconds=0.0):
        """Answer queued requests on the calling thread; returns how many were handled."""
        handled = 0
        while max_messages is None or handled < max_messages:
            try:
                text = self.inbox.get(timeout=block_seconds) if (block_seconds and handled == 0) else self.inbox.get_nowait()
            except queue.Empty:
                break
            reply = dispatcher.handle_text(text)
            if reply is not None:
                self.send_text(reply)
            handled += 1
        return handled

    def notify(self, method, params):
        return self.send_text(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}))

    def request_async(self, method, params, on_reply):
        """Call a sidecar method without waiting: ``on_reply(result, error_message)`` runs
        later on the thread that calls ``deliver_replies`` (Blender's main thread). The
        sidecar may call this Blender while it handles the request, so the main thread
        must stay free to answer: a UI operator never waits on the network."""
        id_ = "req-%d" % next(self._ids)
        with self._waiters_lock:
            self._waiters[id_] = on_reply
        if not self.send_text(json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})):
            with self._waiters_lock:
                self._waiters.pop(id_, None)
            on_reply(None, "not connected to the sidecar")

    def deliver_replies(self):
        """Run the callbacks of the ``request_async`` calls answered since the last time."""
        while True:
            try:
                callback, reply = self.replies.get_nowait()
            except queue.Empty:
                return
            error = reply.get("error")
            callback(reply.get("result"), error.get("message", "failed") if isinstance(error, dict) else None)

    def _resolve(self, message):
        with self._waiters_lock:
            callback = self._waiters.pop(message.get("id"), None)
        if callback is not None:
            self.replies.put((callback, message))

    def _fail_waiters(self, reason):
        with self._waiters_lock:
            callbacks = list(self._waiters.values())
            self._waiters.clear()
        for callback in callbacks:
            self.replies.put((callback, {"error": {"message": reason}}))


class _Refused(Exception):
    pass
