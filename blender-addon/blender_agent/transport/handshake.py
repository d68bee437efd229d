"""The handshake's proofs; mirrors protocol/src/handshake.ts (a test keeps them equal).

Neither side ever sends the token. The Blender says hello with a nonce; the sidecar
answers with its own nonce and an HMAC-SHA256 over both, keyed by the token; the Blender
checks it before sending anything else, then proves itself the same way.
"""

import base64
import hashlib
import hmac
import os

LABEL = "blender-agent-handshake-v2"
SIDECAR = "sidecar"
BLENDER = "blender"


def new_nonce():
    return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode("ascii")


def proof(key, side, role, worker_id, blender_nonce, sidecar_nonce):
    message = "\n".join([LABEL, side, role, worker_id or "", blender_nonce, sidecar_nonce])
    return hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def proof_matches(expected, received):
    return isinstance(received, str) and hmac.compare_digest(expected.encode("ascii"), received.encode("utf-8", "replace"))
