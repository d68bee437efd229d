"""Connect the add-on's Connection once, as the live role, and print how it ended as JSON.

usage: python3 connect_client.py URL TOKEN [TLS_FINGERPRINT] — prints {"state", "detail"}
once connected or refused, or after 15 seconds.
"""

import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent import PROTOCOL_VERSION  # noqa: E402
from blender_agent.transport.connection import CONNECTED, REFUSED, Connection  # noqa: E402

settled = threading.Event()


def on_state(state, detail):
    if state in (CONNECTED, REFUSED):
        settled.set()


url, token = sys.argv[1:3]
fingerprint = sys.argv[3] if len(sys.argv) > 3 else None
connection = Connection(url, {"role": "live", "protocolVersion": PROTOCOL_VERSION}, token, {"blenderVersion": "test", "file": ""},
                        on_state=on_state, log=lambda m: None, backoff=(0.2, 0.5), tls_fingerprint=fingerprint)
connection.start()
settled.wait(15)
print(json.dumps({"state": connection.state, "detail": connection.detail}), flush=True)
connection.stop(join_timeout=0)
