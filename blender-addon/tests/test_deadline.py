"""Plain-python tests of the live program deadline (no Blender needed)."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent import deadline  # noqa: E402
from blender_agent.deadline import ProgramTimeout, run_with_deadline  # noqa: E402


def busy_loop():
    while True:
        pass


class DeadlineTest(unittest.TestCase):
    def assert_stopped_in_time(self, fn, seconds=0.15):
        started = time.perf_counter()
        with self.assertRaises(ProgramTimeout):
            run_with_deadline(fn, seconds)
        elapsed = time.perf_counter() - started
        self.assertGreaterEqual(elapsed, seconds)
        self.assertLess(elapsed, seconds + 1.0)

    def test_a_busy_loop_is_stopped(self):
        self.assert_stopped_in_time(busy_loop)

    def test_a_long_sleep_is_stopped(self):
        self.assert_stopped_in_time(lambda: time.sleep(30))

    def test_a_program_that_catches_exception_is_stopped_anyway(self):
        def careful_loop():
            while True:
                try:
                    time.sleep(0.01)
                except Exception:  # ProgramTimeout is not an Exception
                    pass

        self.assert_stopped_in_time(careful_loop)

    def test_a_program_within_its_deadline_returns_and_nothing_fires_later(self):
        self.assertEqual(run_with_deadline(lambda: sum(range(1000)), 0.1), 499500)
        time.sleep(0.3)  # a stray interruption would raise here
        self.assertFalse(deadline._State.armed)

    def test_the_asynchronous_exception_works_where_signals_are_not_used(self):
        installed = deadline._State.handler_installed
        try:
            deadline._State.handler_installed = False
            original = deadline._SIGNAL
            deadline._SIGNAL = None
            self.assert_stopped_in_time(busy_loop)
            self.assertEqual(run_with_deadline(lambda: 7, 0.1), 7)
            time.sleep(0.3)
        finally:
            deadline._SIGNAL = original
            deadline._State.handler_installed = installed


if __name__ == "__main__":
    unittest.main()
