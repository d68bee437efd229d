"""The add-on's error vocabulary: the wire's codes (generated into ``protocol``) and the
exception a handler raises to answer with one. Plain Python, no ``bpy``."""

from . import protocol

# The codes by name (PROGRAM_RAISED, TIMEOUT, ...): every negative integer the wire defines.
globals().update({name: value for name, value in vars(protocol).items()
                  if name.isupper() and isinstance(value, int) and value < 0})


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
