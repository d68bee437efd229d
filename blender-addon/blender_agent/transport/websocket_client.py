"""A WebSocket client (RFC 6455) on the standard library's ``socket`` and ``ssl``.

Blender's bundled Python has no pip packages, so the add-on carries its own client.
It does the opening handshake with the Sec-WebSocket-Accept check, masks every frame
it sends, reassembles fragmented messages, answers pings, performs the close
handshake, and enforces a maximum message size.

The object is used by two threads: one reads (``recv_message``), any may send
(sends are serialised by a lock).
"""

import base64
import hashlib
import os
import socket
import ssl
import struct
import threading
from urllib.parse import urlsplit

from ..protocol import MAX_MESSAGE_BYTES

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_PROTOCOL_ERROR = 1002
CLOSE_INVALID_DATA = 1007
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009


class WebSocketError(Exception):
    """The connection failed or broke the protocol."""


class HandshakeError(WebSocketError):
    """The server refused the upgrade (wrong path, origin, status)."""

    def __init__(self, message, status=None, body=""):
        super().__init__(message)
        self.status = status
        self.body = body


class TlsRefused(WebSocketError):
    """The server's TLS certificate failed verification or the pin: not a server to talk to."""


def normalize_fingerprint(text):
    """A SHA-256 fingerprint as 64 lowercase hex digits, from "AB:CD:..." or plain hex; None if empty."""
    if not text:
        return None
    digits = text.replace(":", "").replace(" ", "").strip().lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise WebSocketError("a TLS fingerprint is a SHA-256: 64 hex digits, with or without colons")
    return digits


def format_fingerprint(digits):
    return ":".join(digits[i:i + 2] for i in range(0, len(digits), 2)).upper()


class ConnectionClosed(WebSocketError):
    """The connection is closed; ``code`` and ``reason`` come from the close frame."""

    def __init__(self, code, reason):
        super().__init__("connection closed (%s%s)" % (code, ": " + reason if reason else ""))
        self.code = code
        self.reason = reason


def accept_key(key):
    """The Sec-WebSocket-Accept value a server must answer for ``key``."""
    digest = hashlib.sha1((key + GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def mask_payload(mask, data):
    """XOR ``data`` with the 4-byte ``mask``. Big-int XOR keeps large payloads fast."""
    n = len(data)
    if n == 0:
        return b""
    repeated = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def encode_frame(opcode, payload, fin=True, mask=None):
    """One client frame. ``mask`` is 4 bytes (random when None)."""
    if mask is None:
        mask = os.urandom(4)
    first = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", first, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", first, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", first, 0x80 | 127, n)
    return header + mask + mask_payload(mask, payload)


class WebSocketClient:
    def __init__(self, url, headers=None, timeout=10.0, max_message_bytes=MAX_MESSAGE_BYTES,
                 fragment_size=None, unix_socket=None, tls_fingerprint=None):
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss"):
            raise WebSocketError("URL must start with ws:// or wss://, got %r" % url)
        if not parts.hostname:
            raise WebSocketError("URL has no host: %r" % url)
        self.url = url
        self.secure = parts.scheme == "wss"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.secure else 80)
        self.path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.max_message_bytes = max_message_bytes
        # Messages larger than this are sent as several frames (None: one frame).
        self.fragment_size = fragment_size
        # Connect through this Unix socket instead of the URL's host and port (the URL then
        # only names the request): how a sandboxed worker, with no network, reaches the sidecar.
        self.unix_socket = unix_socket
        # wss:// is verified against the system's certificate authorities and the host name,
        # or, for a self-signed demo certificate, pinned: its SHA-256 must be this.
        self.tls_fingerprint = normalize_fingerprint(tls_fingerprint)
        self.sock = None
        self._send_lock = threading.Lock()
        self._buffer = bytearray()
        self._closed = False
        self._close_sent = False
        self.close_code = None
        self.close_reason = ""

    # -- connection -----------------------------------------------------------------

    def connect(self):
        if self.unix_socket:
            raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            raw.settimeout(self.timeout)
            try:
                raw.connect(self.unix_socket)
            except OSError:
                raw.close()
                raise
        else:
            raw = socket.create_connection((self.host, self.port), timeout=self.timeout)
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.secure:
            raw = self._wrap_tls(raw)
        self.sock = raw
        try:
            self._handshake()
        except BaseException:
            self._shutdown()
            raise
        return self

    def _wrap_tls(self, raw):
        context = ssl.create_default_context()
        if self.tls_fingerprint:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the pin below is the check
        try:
            wrapped = context.wrap_socket(raw, server_hostname=self.host)
        except ssl.SSLCertVerificationError as exc:
            raw.close()
            raise TlsRefused("the server's certificate is not trusted (%s); for a self-signed one, pin its "
                             "SHA-256 fingerprint in the add-on's preferences" % exc.verify_message)
        except (ssl.SSLError, OSError):
            raw.close()
            raise
        if self.tls_fingerprint:
            seen = hashlib.sha256(wrapped.getpeercert(binary_form=True)).hexdigest()
            if seen != self.tls_fingerprint:
                wrapped.close()
                raise TlsRefused("the server's certificate does not match the pinned fingerprint (it has %s)"
                                 % format_fingerprint(seen))
        return wrapped

    def _handshake(self):
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        host = self.host if self.port in (80, 443) else "%s:%d" % (self.host, self.port)
        lines = [
            "GET %s HTTP/1.1" % self.path,
            "Host: %s" % host,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: %s" % key,
            "Sec-WebSocket-Version: 13",
        ]
        lines += ["%s: %s" % (k, v) for k, v in self.headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise HandshakeError("server closed the connection during the handshake")
            head += chunk
            if len(head) > 65536:
                raise HandshakeError("handshake response too large")
        head, _, rest = head.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        if status != 101:
            reason = parts[2] if len(parts) > 2 else status_line
            raise HandshakeError("server refused the WebSocket upgrade: %s %s" % (status, reason),
                                 status=status, body=rest.decode("utf-8", "replace"))
        response_headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            response_headers[name.strip().lower()] = value.strip()
        if response_headers.get("sec-websocket-accept") != accept_key(key):
            raise HandshakeError("server answered a wrong Sec-WebSocket-Accept")
        self._buffer = bytearray(rest)

    # -- sending --------------------------------------------------------------------

    def _send_frame(self, opcode, payload, fin=True):
        if self.sock is None:
            raise ConnectionClosed(CLOSE_GOING_AWAY, "not connected")
        data = encode_frame(opcode, payload, fin=fin)
        with self._send_lock:
            try:
                self.sock.sendall(data)
            except OSError as exc:
                raise ConnectionClosed(CLOSE_GOING_AWAY, "send failed: %s" % exc)

    def send_text(self, text):
        payload = text.encode("utf-8")
        if len(payload) > self.max_message_bytes:
            raise WebSocketError("message of %d bytes exceeds the limit of %d" % (len(payload), self.max_message_bytes))
        size = self.fragment_size
        if not size or len(payload) <= size:
            self._send_frame(OP_TEXT, payload)
            return
        # Fragments of one message must not interleave with other data frames.
        with self._send_lock:
            chunks = [payload[i:i + size] for i in range(0, len(payload), size)]
            frames = b"".join(
                encode_frame(OP_TEXT if i == 0 else OP_CONTINUATION, chunk, fin=(i == len(chunks) - 1))
                for i, chunk in enumerate(chunks))
            try:
                self.sock.sendall(frames)
            except OSError as exc:
                raise ConnectionClosed(CLOSE_GOING_AWAY, "send failed: %s" % exc)

    def ping(self, payload=b""):
        self._send_frame(OP_PING, payload)

    def close(self, code=CLOSE_NORMAL, reason=""):
        """Start the close handshake; the reader sees the server's echo and stops."""
        if self._close_sent or self.sock is None:
            self._shutdown()
            return
        self._close_sent = True
        try:
            # A close frame holds at most 123 bytes of reason; cut on a character boundary.
            cut = reason.encode("utf-8")[:123].decode("utf-8", "ignore").encode("utf-8")
            self._send_frame(OP_CLOSE, struct.pack("!H", code) + cut)
        except WebSocketError:
            self._shutdown()

    def _shutdown(self):
        self._closed = True
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass

    # -- receiving ------------------------------------------------------------------

    def _recv_exact(self, n, should_stop):
        while len(self._buffer) < n:
            try:
                chunk = self.sock.recv(min(max(65536, n - len(self._buffer)), 4 * 1024 * 1024))
            except socket.timeout:
                if should_stop():
                    raise ConnectionClosed(CLOSE_GOING_AWAY, "stopped")
                continue
            except OSError as exc:
                raise ConnectionClosed(CLOSE_GOING_AWAY, "receive failed: %s" % exc)
            if not chunk:
                raise ConnectionClosed(self.close_code or 1006, self.close_reason or "connection lost")
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _fail(self, code, reason):
        try:
            self.close(code, reason)
        finally:
            self._shutdown()
        raise ConnectionClosed(code, reason)

    def _read_frame(self, should_stop):
        b1, b2 = self._recv_exact(2, should_stop)
        fin, opcode, masked, n = b1 & 0x80, b1 & 0x0F, b2 & 0x80, b2 & 0x7F
        if b1 & 0x70:
            self._fail(CLOSE_PROTOCOL_ERROR, "reserved bits set")
        if masked:
            self._fail(CLOSE_PROTOCOL_ERROR, "server frames must not be masked")
        if n == 126:
            n = struct.unpack("!H", self._recv_exact(2, should_stop))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._recv_exact(8, should_stop))[0]
        if opcode >= 0x8 and (n > 125 or not fin):
            self._fail(CLOSE_PROTOCOL_ERROR, "bad control frame")
        if n > self.max_message_bytes:
            self._fail(CLOSE_TOO_BIG, "frame of %d bytes exceeds the limit" % n)
        return bool(fin), opcode, self._recv_exact(n, should_stop)

    def recv_message(self, should_stop=lambda: False):
        """Block until a whole text message arrives; return it as ``str``.

        Control frames are handled here. Raises ``ConnectionClosed`` when the
        connection ends. ``should_stop`` is polled while waiting (the socket has a
        timeout) so the reading thread can be stopped.
        """
        fragments = []
        size = 0
        message_opcode = None
        while True:
            fin, opcode, payload = self._read_frame(should_stop)
            if opcode == OP_PING:
                self._send_frame(OP_PONG, payload)
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                reason = payload[2:].decode("utf-8", "replace")
                self.close_code, self.close_reason = code, reason
                if not self._close_sent:
                    self.close(code if code not in (1005, 1006) else CLOSE_NORMAL)
                self._shutdown()
                raise ConnectionClosed(code, reason)
            if opcode in (OP_TEXT, OP_BINARY):
                if message_opcode is not None:
                    self._fail(CLOSE_PROTOCOL_ERROR, "new message before the last one finished")
                message_opcode = opcode
            elif opcode == OP_CONTINUATION:
                if message_opcode is None:
                    self._fail(CLOSE_PROTOCOL_ERROR, "continuation frame with no message")
            else:
                self._fail(CLOSE_PROTOCOL_ERROR, "unknown opcode %d" % opcode)
            fragments.append(payload)
            size += len(payload)
            if size > self.max_message_bytes:
                self._fail(CLOSE_TOO_BIG, "message exceeds %d bytes" % self.max_message_bytes)
            if fin:
                data = b"".join(fragments)
                if message_opcode == OP_BINARY:
                    self._fail(CLOSE_INVALID_DATA, "binary messages are not part of the protocol")
                try:
                    return data.decode("utf-8")
                except UnicodeDecodeError:
                    self._fail(CLOSE_INVALID_DATA, "text message is not valid UTF-8")

    def settimeout(self, seconds):
        if self.sock is not None:
            self.sock.settimeout(seconds)
