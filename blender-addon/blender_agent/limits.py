"""The worker's memory cap: plain Python, no ``bpy``.

The address-space limit (RLIMIT_AS) is set once at start, soft and hard alike, so a
candidate program cannot raise it again (the sandbox drops the capability that would
allow it). An allocation past it fails at once with MemoryError, which the worker reports
as OutOfMemory; the sidecar then replaces the worker.
"""

try:
    import resource
except ImportError:  # Windows: no RLIMIT_AS
    resource = None

_cap = 0


def cap_memory(limit_bytes):
    global _cap
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    _cap = limit_bytes


def out_of_memory_message(what):
    cap = " (this worker is capped at %.1f GiB)" % (_cap / 2.0 ** 30) if _cap else ""
    return "%s ran out of memory%s" % (what, cap)
