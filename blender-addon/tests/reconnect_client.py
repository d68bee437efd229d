"""Drive the add-on's Connection from a test: print each state change as a JSON line.

usage: python3 reconnect_client.py URL TOKEN — stops after its second successful hello,
when refused, or after 15 seconds.
"""

import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent import PROTOCOL_VERSION  # noqa: E402
from blender_agent.transport.connection import CONNECTED, REFUSED, Connection  # noqa: E402

done = threading.Event()
seen = []


def on_state(state, detail):
    seen.append(state)
    print(json.dumps({"state": state, "detail": detail}), flush=True)
    if seen.count(CONNECTED) >= 2 or state == REFUSED:
        done.set()


hello = {"role": "live", "protocolVersion": PROTOCOL_VERSION}
identity = {"blenderVersion": "test", "file": ""}
connection = Connection(sys.argv[1], hello, sys.argv[2], identity, on_state=on_state, log=lambda m: None, backoff=(0.1, 0.4))
connection.start()
done.wait(15)
connection.stop()
