"""Plain-python tests of the connection thread (no Blender needed)."""

import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent.transport.connection import CONNECTING, STOPPED, Connection  # noqa: E402


class SilentServer:
    """Accepts TCP connections and never answers: a sidecar that hangs mid-handshake."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            while True:
                self.accepted.append(self.sock.accept()[0])
        except OSError:
            pass

    @property
    def url(self):
        return "ws://127.0.0.1:%d/" % self.sock.getsockname()[1]

    def close(self):
        for conn in self.accepted:
            conn.close()
        self.sock.close()


class ConnectionStopTest(unittest.TestCase):
    def test_stop_without_waiting_returns_at_once_while_the_network_hangs(self):
        server = SilentServer()
        try:
            conn = Connection(server.url, {"role": "live"}, "token", log=lambda m: None)
            conn.start()
            deadline = time.time() + 2
            while conn.state != CONNECTING and time.time() < deadline:
                time.sleep(0.01)
            time.sleep(0.2)  # the client now waits for a handshake answer that never comes
            started = time.perf_counter()
            conn.stop("user pressed Disconnect", join_timeout=0)
            self.assertLess(time.perf_counter() - started, 0.1)
            self.assertEqual(conn.state, STOPPED)
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
