"""JSON-RPC 2.0 dispatch: text in, text out. Single requests, notifications, batches.

Handlers are plain callables taking the ``params`` dict. They raise ``RpcError`` for
an answer with a chosen code; any other exception becomes -32603 with its traceback
in ``error.data`` so the failure is never silent.
"""

import json
import traceback

from .. import limits
from .. import errors
from ..errors import RpcError


def error_response(id_, code, message, data=None):
    return {"jsonrpc": "2.0", "id": id_, "error": RpcError(code, message, data).to_json()}


def is_response(message):
    """A reply to a request this side sent (has result or error, no method)."""
    return isinstance(message, dict) and "method" not in message and ("result" in message or "error" in message)


class Dispatcher:
    def __init__(self, methods):
        self.methods = dict(methods)

    def handle_text(self, text):
        """Answer one incoming message; returns the reply text, or None (notifications only)."""
        try:
            message = json.loads(text)
        except ValueError as exc:
            return json.dumps(error_response(None, errors.PARSE_ERROR, "Parse error: %s" % exc))
        reply = self.handle_message(message)
        return None if reply is None else json.dumps(reply)

    def handle_message(self, message):
        if isinstance(message, list):
            if not message:
                return error_response(None, errors.INVALID_REQUEST, "Invalid Request: empty batch")
            replies = [r for r in (self.handle_one(m) for m in message) if r is not None]
            return replies or None
        return self.handle_one(message)

    def handle_one(self, request):
        if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
            id_ = request.get("id") if isinstance(request, dict) else None
            return error_response(id_ if valid_id(id_) else None, errors.INVALID_REQUEST,
                                  "Invalid Request: expected an object with jsonrpc \"2.0\" and a string method")
        is_notification = "id" not in request
        id_ = request.get("id")
        if not is_notification and not valid_id(id_):
            return error_response(None, errors.INVALID_REQUEST, "Invalid Request: id must be a string, number or null")
        params = request.get("params", {})
        if not isinstance(params, dict):
            reply = error_response(id_, errors.INVALID_PARAMS, "Invalid params: expected an object (named params)")
            return None if is_notification else reply
        handler = self.methods.get(request["method"])
        if handler is None:
            reply = error_response(id_, errors.METHOD_NOT_FOUND, "Method not found: %s" % request["method"])
            return None if is_notification else reply
        try:
            result = handler(params)
        except RpcError as exc:
            reply = {"jsonrpc": "2.0", "id": id_, "error": exc.to_json()}
        except MemoryError:
            reply = error_response(id_, errors.OUT_OF_MEMORY, limits.out_of_memory_message(request["method"]))
        except Exception as exc:  # the add-on must answer, never die, on a handler bug
            reply = error_response(id_, errors.INTERNAL_ERROR, "%s: %s" % (type(exc).__name__, exc),
                                   {"traceback": traceback.format_exc()})
        else:
            reply = {"jsonrpc": "2.0", "id": id_, "result": result}
        return None if is_notification else reply


def valid_id(id_):
    """A JSON-RPC id: a string, a number or null (not a bool)."""
    return id_ is None or (isinstance(id_, (str, int, float)) and not isinstance(id_, bool))


def require(params, name, kind):
    """The param ``name``, checked to be of ``kind`` (a type or tuple); else -32602.

    ``True`` is not accepted where a number is asked for, although Python's bool is an int.
    """
    if name not in params:
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: %r is required" % name)
    value = params[name]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise RpcError(errors.INVALID_PARAMS, "Invalid params: %r must be %s" % (name, " or ".join(k.__name__ for k in kinds)))
    return value
