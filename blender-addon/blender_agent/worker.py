"""The headless worker: ``blender -b --python worker_main.py -- --socket PATH --worker-id ID``.

Reads its one-time key from the first line of stdin (the sidecar writes it there, so it
is neither on the command line nor in the environment), connects as role ``worker`` and
answers requests on Blender's main thread in a blocking loop until the sidecar closes the
connection; then Blender exits. A worker never reconnects: the sidecar that started it
owns it, and starts a new one if needed.
"""

import argparse
import os
import sys

import bpy

from . import PROTOCOL_VERSION, limits
from .handlers import build_methods
from .transport.connection import REFUSED, Connection
from .transport.jsonrpc import Dispatcher


def parse_args(argv):
    args = argv[argv.index("--") + 1:] if "--" in argv else []
    parser = argparse.ArgumentParser(prog="blender -b --python worker_main.py --")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the sidecar's Unix socket for workers")
    where.add_argument("--url", help="sidecar WebSocket URL, ws://127.0.0.1:PORT (where there is no Unix socket)")
    parser.add_argument("--worker-id", required=True)
    parser.add_argument("--memory-limit", type=int, default=0, help="address-space cap in bytes (0: none)")
    parsed = parser.parse_args(args)
    parsed.key = sys.stdin.readline().strip()
    if not parsed.key:
        parser.error("no worker key on stdin: the sidecar that starts a worker writes its key there")
    return parsed


def log(message):
    print("[blender-agent worker %d] %s" % (os.getpid(), message), flush=True)


def main(argv=None):
    args = parse_args(sys.argv if argv is None else argv)
    if args.memory_limit:
        limits.cap_memory(args.memory_limit)
    hello = {"role": "worker", "protocolVersion": PROTOCOL_VERSION, "workerId": args.worker_id}
    identity = {"blenderVersion": bpy.app.version_string, "file": bpy.data.filepath, "pid": os.getpid()}
    connection = Connection(args.url or "ws://localhost/", hello, args.key, identity, reconnect=False, log=log,
                            unix_socket=args.socket)
    dispatcher = Dispatcher(build_methods("worker"))
    connection.start()
    while connection.running:  # the I/O thread ends when the connection does (workers never reconnect)
        connection.pump(dispatcher, max_messages=1, block_seconds=0.25)
    connection.pump(dispatcher)  # answer anything that arrived just before the close
    log("connection ended (%s: %s); exiting" % (connection.state, connection.detail))
    sys.stdout.flush()
    # os._exit: skip Blender's slow teardown; the sidecar waits for the process to end.
    os._exit(3 if connection.state == REFUSED else 0)
