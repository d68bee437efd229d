"""Edits an MCP client asks the artist to accept (``edit.ask``), shown in the Agent panel
until the artist presses Accept or Reject (``edit.decide``) or the sidecar withdraws them
(``edit.withdrawn``). Main thread only.
"""

from .redraw import redraw_agent_panels

# The asks waiting, oldest first: edit.ask's params.
asks = []
# Why the last ask went away without an answer, shown once in the panel.
note = None


def ask(params):
    global note
    note = None
    asks.append(dict(params))
    redraw_agent_panels()
    return None


def withdrawn(params):
    global note
    before = len(asks)
    asks[:] = [a for a in asks if a["requestId"] != params.get("requestId")]
    if len(asks) < before:
        note = params.get("reason") or "The edit was withdrawn."
    redraw_agent_panels()
    return None


def decided(request_id):
    asks[:] = [a for a in asks if a["requestId"] != request_id]
    redraw_agent_panels()


def answer_failed(error):
    """edit.decide's answer: a failure is shown (the ask had gone: its client gave up, say)."""
    global note
    if error:
        note = "The answer did not reach the client: %s" % error
        redraw_agent_panels()


def clear():
    """The connection is gone: no ask can be answered any more."""
    global note
    asks.clear()
    note = None
    redraw_agent_panels()
