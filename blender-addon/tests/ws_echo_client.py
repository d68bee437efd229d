"""Drive the add-on's WebSocket client from a test: echo every message back.

usage: python3 ws_echo_client.py URL FRAGMENT_SIZE MAX_MESSAGE_BYTES
Prints one JSON line describing how the connection ended. The message "close-me"
makes the client start the close handshake itself.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent.transport.websocket_client import (  # noqa: E402
    ConnectionClosed, HandshakeError, WebSocketClient)


def main():
    url, fragment_size, max_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    client = WebSocketClient(url, fragment_size=fragment_size or None, max_message_bytes=max_bytes)
    try:
        client.connect()
        while True:
            message = client.recv_message()
            if message == "close-me":
                client.close(1000, "bye")
                continue
            client.send_text(message)
    except HandshakeError as exc:
        print(json.dumps({"handshakeError": exc.status, "message": str(exc)}))
    except ConnectionClosed as exc:
        print(json.dumps({"closed": exc.code, "reason": exc.reason}))


main()
