"""JSON-RPC error codes; mirrors protocol/src/errors.ts (a test keeps them equal)."""

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

PROGRAM_RAISED = -32000
PROGRAM_SYNTAX = -32001
RENDER_FAILED = -32002
TIMEOUT = -32003
BUSY = -32004
NOT_FOUND = -32005
WRONG_ROLE = -32006
BLENDER_GONE = -32007
UNAUTHORIZED = -32008
TOO_LARGE = -32009
BAD_RESULT = -32010
OUT_OF_MEMORY = -32011
NOT_PREVIEWED = -32012


class RpcError(Exception):
    """Raised by a handler to answer with a specific JSON-RPC error."""

    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self):
        err = {"code": self.code, "message": self.message}
        if self.data is not None:
            err["data"] = self.data
        return err
