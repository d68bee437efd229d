"""A deadline for a program run on Blender's main thread: plain Python, no ``bpy``.

Past the deadline a watchdog thread interrupts the main thread, and again every 0.1 s
until the program has stopped. On POSIX the interruption is a signal sent to the main
thread, whose handler raises ``ProgramTimeout``: it also breaks blocking calls such as
``time.sleep``. Elsewhere it is an asynchronous exception (CPython's
``PyThreadState_SetAsyncExc``). What neither can stop: one long call into Blender's C code
(the program stops when that call returns), and a loop that swallows every exception with
a bare ``except:``. Such a program also times out in the worker that previews it, so it
never reaches the artist's Blender unless it behaves differently there.
"""

import ctypes
import signal
import threading

REPEAT_SECONDS = 0.1
_SIGNAL = getattr(signal, "SIGUSR1", None)


class ProgramTimeout(BaseException):
    """Raised inside a program that ran past its deadline. A BaseException, so that
    ``except Exception`` in the program does not catch it."""


class _State:
    armed = False
    handler_installed = False


_lock = threading.Lock()


def _on_signal(signum, frame):
    if _State.armed:
        raise ProgramTimeout()


def _install_handler():
    """The signal handler, installed once and left in place: a handler removed while a
    signal is pending would let the default action (ending Blender) run instead."""
    if _State.handler_installed or _SIGNAL is None or threading.current_thread() is not threading.main_thread():
        return _State.handler_installed
    if signal.getsignal(_SIGNAL) not in (signal.SIG_DFL, None):
        return False  # someone else's: leave it alone, use the asynchronous exception
    signal.signal(_SIGNAL, _on_signal)
    _State.handler_installed = True
    return True


def _async_raise(thread_id, exception):
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)


def run_with_deadline(fn, seconds):
    """Call ``fn()``; raise ``ProgramTimeout`` if it runs longer than ``seconds``."""
    use_signal = _install_handler()
    main = threading.get_ident()
    stop = threading.Event()

    def interrupt():
        with _lock:
            if stop.is_set():
                return
            if use_signal:
                signal.pthread_kill(main, _SIGNAL)
            else:
                _async_raise(main, ProgramTimeout)

    def watchdog():
        if stop.wait(seconds):
            return
        while not stop.is_set():
            interrupt()
            stop.wait(REPEAT_SECONDS)

    thread = threading.Thread(target=watchdog, name="blender-agent-deadline", daemon=True)
    _State.armed = True
    thread.start()
    try:
        return fn()
    finally:
        # An interruption may land while disarming: repeat until disarmed, then none can.
        while True:
            try:
                _disarm(stop, thread, main, use_signal)
                break
            except ProgramTimeout:
                continue


def _disarm(stop, thread, main, use_signal):
    with _lock:
        _State.armed = False
        stop.set()
        if not use_signal:
            _async_raise(main, None)  # drop one that was set but not yet raised
    thread.join()
