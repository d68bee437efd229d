"""Call the sidecar the way the Agent panel does (``request_async``), from a test.

usage: python3 async_request_client.py URL TOKEN — once connected: agent.options, then
episode.control for an episode that does not exist, then one the sidecar will not answer
before it drops the connection. Prints each callback's (result, error) as a JSON line,
delivered on this (the "main") thread by ``deliver_replies``.
"""

import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent import PROTOCOL_VERSION  # noqa: E402
from blender_agent.transport.connection import CONNECTED, Connection  # noqa: E402

connected = threading.Event()
hello = {"role": "live", "protocolVersion": PROTOCOL_VERSION}
connection = Connection(sys.argv[1], hello, sys.argv[2], {"blenderVersion": "test", "file": ""},
                        on_state=lambda state, detail: state == CONNECTED and connected.set(),
                        log=lambda m: None, reconnect=False)
connection.start()
connected.wait(10)
answers = []


def answered(label):
    def callback(result, error):
        answers.append(label)
        print(json.dumps({"call": label, "result": result, "error": error}), flush=True)
    return callback


connection.request_async("agent.options", {}, answered("options"))
connection.request_async("episode.control", {"episodeId": "nope", "action": "pause"}, answered("control"))
connection.request_async("agent.options", {}, answered("late"))  # the hub drops us before this one's answer
deadline = time.time() + 10
while len(answers) < 3 and time.time() < deadline:
    connection.deliver_replies()
    time.sleep(0.02)
connection.stop(join_timeout=0)
