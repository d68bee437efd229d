"""Plain-python tests of the JSON-RPC dispatcher (no Blender needed)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent import errors  # noqa: E402
from blender_agent.errors import RpcError  # noqa: E402
from blender_agent.transport.jsonrpc import Dispatcher  # noqa: E402


def fail(params):
    raise RpcError(errors.NOT_FOUND, "no such thing", {"name": params.get("name")})


def crash(params):
    return 1 / 0


class DispatcherTest(unittest.TestCase):
    def setUp(self):
        self.d = Dispatcher({"add": lambda p: p["a"] + p["b"], "fail": fail, "crash": crash})

    def call(self, message):
        reply = self.d.handle_text(message if isinstance(message, str) else json.dumps(message))
        return None if reply is None else json.loads(reply)

    def test_single_request(self):
        self.assertEqual(self.call({"jsonrpc": "2.0", "id": 1, "method": "add", "params": {"a": 2, "b": 3}}),
                         {"jsonrpc": "2.0", "id": 1, "result": 5})

    def test_invalid_json(self):
        reply = self.call("{not json")
        self.assertEqual(reply["error"]["code"], -32700)
        self.assertIsNone(reply["id"])

    def test_invalid_request(self):
        self.assertEqual(self.call({"id": 1, "method": "add"})["error"]["code"], -32600)
        self.assertEqual(self.call({"jsonrpc": "2.0", "id": 1, "method": 5})["error"]["code"], -32600)
        self.assertEqual(self.call({"jsonrpc": "2.0", "id": [1], "method": "add"})["error"]["code"], -32600)
        self.assertEqual(self.call([])["error"]["code"], -32600)

    def test_unknown_method(self):
        reply = self.call({"jsonrpc": "2.0", "id": "x", "method": "nope"})
        self.assertEqual(reply["error"]["code"], -32601)
        self.assertIn("nope", reply["error"]["message"])

    def test_positional_params_refused(self):
        self.assertEqual(self.call({"jsonrpc": "2.0", "id": 1, "method": "add", "params": [1, 2]})["error"]["code"], -32602)

    def test_handler_error_and_crash(self):
        reply = self.call({"jsonrpc": "2.0", "id": 1, "method": "fail", "params": {"name": "x"}})
        self.assertEqual(reply["error"], {"code": errors.NOT_FOUND, "message": "no such thing", "data": {"name": "x"}})
        reply = self.call({"jsonrpc": "2.0", "id": 2, "method": "crash"})
        self.assertEqual(reply["error"]["code"], -32603)
        self.assertIn("ZeroDivisionError", reply["error"]["data"]["traceback"])

    def test_notification_gets_no_reply(self):
        self.assertIsNone(self.call({"jsonrpc": "2.0", "method": "add", "params": {"a": 1, "b": 1}}))

    def test_batch(self):
        reply = self.call([
            {"jsonrpc": "2.0", "id": 1, "method": "add", "params": {"a": 1, "b": 1}},
            {"jsonrpc": "2.0", "method": "add", "params": {"a": 1, "b": 1}},
            {"jsonrpc": "2.0", "id": 2, "method": "nope"},
            42,
        ])
        self.assertEqual([r.get("id") for r in reply], [1, 2, None])
        self.assertEqual(reply[0]["result"], 2)
        self.assertEqual(reply[1]["error"]["code"], -32601)
        self.assertEqual(reply[2]["error"]["code"], -32600)
        self.assertIsNone(self.call([{"jsonrpc": "2.0", "method": "add", "params": {"a": 1, "b": 1}}]))


if __name__ == "__main__":
    unittest.main()
