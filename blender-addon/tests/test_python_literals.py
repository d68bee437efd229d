"""Plain-python tests of the numeric-literal finder (no Blender needed)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from blender_agent.analysis.python_literals import find_literals  # noqa: E402


def utf16_slice(code, start, end):
    """``code[start:end]`` with offsets in UTF-16 code units, as JavaScript would slice it."""
    return code.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


class LiteralsTest(unittest.TestCase):
    def values(self, code):
        return [lit["value"] for lit in find_literals(code)]

    def only(self, code):
        literals = find_literals(code)
        self.assertEqual(len(literals), 1, literals)
        return literals[0]

    def by_value(self, code):
        return {lit["value"]: lit for lit in find_literals(code)}

    def assert_offsets_index_text(self, code):
        for lit in find_literals(code):
            self.assertEqual(utf16_slice(code, lit["start"], lit["end"]), lit["text"], lit)

    def test_numbers_in_strings_and_comments_are_ignored(self):
        code = '"""Docstring: 10 chairs."""\nlabel = "chair 7"  # 8 legs, 0.5 m\nb = b"\\x01 2"\nX = 6\n'
        self.assertEqual(self.values(code), [6])

    def test_values_kinds_and_text(self):
        lit = self.only("ROUGHNESS = 0.25\n")
        self.assertEqual((lit["value"], lit["kind"], lit["text"], lit["line"]), (0.25, "float", "0.25", 1))
        self.assertEqual(self.only("\n\nCOUNT = 12\n")["kind"], "int")
        self.assertEqual(self.only("\n\nCOUNT = 12\n")["line"], 3)
        self.assertEqual(self.only("E = 1e3\n")["kind"], "float")

    def test_unary_minus_is_part_of_the_literal_in_sign_context(self):
        for code, text in [("X = -1.5\n", "-1.5"), ("f(-2)\n", "-2"), ("L = [1, -3]\n", "-3"), ("X = 2 * -4\n", "-4"),
                           ("def f():\n    return -5\n", "-5"), ("X = - 7\n", "- 7"), ("d = {'a': -6}\n", "-6")]:
            lit = find_literals(code)[-1]
            self.assertEqual(lit["text"], text, code)
            self.assertLess(lit["value"], 0, code)
            self.assertEqual(utf16_slice(code, lit["start"], lit["end"]), text, code)

    def test_minus_as_subtraction_is_not_a_sign(self):
        for code in ["y = a - 1\n", "y = 2 - 1\n", "y = f(x) - 1\n", "y = a[0] - 1\n", "y = 'ab' - 1\n"]:
            lit = find_literals(code)[-1]
            self.assertEqual((lit["value"], lit["text"]), (1, "1"), code)
            self.assertEqual(code[lit["start"]:lit["end"]], "1", code)

    def test_tuple_index_and_size(self):
        lits = find_literals("LOC = (1.0, 2.0, 3.0)\n")
        self.assertEqual([(lit["group"], lit["groupIndex"], lit["groupSize"], lit["depth"]) for lit in lits],
                         [("tuple", 0, 3, 1), ("tuple", 1, 3, 1), ("tuple", 2, 3, 1)])
        nested = find_literals("M = ((1, 2), (3, 4, 5))\n")
        self.assertEqual([(lit["groupIndex"], lit["groupSize"], lit["depth"]) for lit in nested],
                         [(0, 2, 2), (1, 2, 2), (0, 3, 2), (1, 3, 2), (2, 3, 2)])
        # The index counts items, not literals: a name may come first.
        self.assertEqual(self.only("P = (a, 9)\n")["groupIndex"], 1)

    def test_trailing_comma_does_not_count_as_an_item(self):
        self.assertEqual(self.only("ONE = (5,)\n")["groupSize"], 1)
        lits = find_literals("COLOR = (\n    0.8,\n    0.1,\n    0.1,\n)\n")
        self.assertEqual([lit["groupSize"] for lit in lits], [3, 3, 3])

    def test_call_tuple_list_dict_and_subscript_groups(self):
        cases = {
            "f(1)\n": ("call", False),
            "obj.scale(2, 3)[0]\n": ("call", False),
            "X = (4, 5)\n": ("tuple", False),
            "if (6):\n    pass\n": ("tuple", False),
            "X = [7]\n": ("list", False),
            "X = {'k': 8}\n": ("dict", False),
            "x = a[9]\n": ("subscript", True),
            "x = 'abc'[1]\n": ("subscript", True),
            "x = a[f(2)]\n": ("call", True),
        }
        for code, (group, in_subscript) in cases.items():
            lit = find_literals(code)[0]
            self.assertEqual((lit["group"], lit["inSubscript"]), (group, in_subscript), code)
        self.assertIsNone(self.only("X = 3\n")["group"])
        self.assertEqual(self.only("X = 3\n")["depth"], 0)

    def test_hex_octal_binary_and_underscore_ints(self):
        code = "A = 0xFF\nB = 0xE\nC = 0o17\nD = 0b101\nE = 1_000\nF = 1_000.5\nG = 0x_ff\n"
        lits = find_literals(code)
        self.assertEqual([(lit["value"], lit["kind"]) for lit in lits],
                         [(255, "int"), (14, "int"), (15, "int"), (5, "int"), (1000, "int"), (1000.5, "float"), (255, "int")])
        self.assertEqual([lit["text"] for lit in lits], ["0xFF", "0xE", "0o17", "0b101", "1_000", "1_000.5", "0x_ff"])

    def test_complex_numbers_are_skipped(self):
        self.assertEqual(self.values("z = 3j\nw = 2.5J\nv = 1 + 2j\n"), [1])

    def test_assigned_name(self):
        names = {
            "X = 1\n": "X",
            "Y: float = 2.0\n": "Y",
            "A = B = 3\n": "A",
            "obj.location = (1, 2)\n": None,
            "a[0] = 3\n": None,
            "Z += 4\n": None,
            "print(5)\n": None,
        }
        for code, name in names.items():
            self.assertEqual(find_literals(code)[-1]["name"], name, code)
        multi = find_literals("COLOR = (\n    0.1,\n    0.2,\n)\nprint(3)\n")
        self.assertEqual([(lit["name"], lit["line"]) for lit in multi], [("COLOR", 2), ("COLOR", 3), (None, 5)])

    def test_each_statement_has_its_own_name(self):
        literals = find_literals("if a:\n    pass\nelse: X = 3\nA = 1; B = 2\nd = {1: 2}\n")
        self.assertEqual([(lit["name"], lit["value"]) for lit in literals], [("X", 3), ("A", 1), ("B", 2), ("d", 1), ("d", 2)])

    def test_utf16_offsets_after_non_ascii_text(self):
        code = "# café 🪑 set-up: 3 chairs\nprint(\"☕🪑\", 42, -0.5)\nX = 7\n"
        lits = find_literals(code)
        self.assertEqual([lit["text"] for lit in lits], ["42", "-0.5", "7"])
        self.assertEqual([utf16_slice(code, lit["start"], lit["end"]) for lit in lits], ["42", "-0.5", "7"])
        # The emoji counts two units: code-point offsets would be one short.
        forty_two = lits[0]
        self.assertEqual(forty_two["start"], len(code[:code.index("42")].encode("utf-16-le")) // 2)
        self.assertNotEqual(forty_two["start"], code.index("42"))

    def test_offsets_after_characters_python_does_not_break_lines_at(self):
        # str.splitlines() breaks at these, the tokenizer does not (it reads lines up to "\n").
        for odd in ["\x0c", "\x0b", "\x1c", "\x85", "\u2028", "\u2029"]:
            code = f"# a comment with {odd!r}: {odd} end\nlabel = 'x{odd}y'\nX = 42\n"
            self.assert_offsets_index_text(code)
            self.assertEqual(self.values(code), [42])

    def test_windows_line_endings(self):
        code = "A = 1\r\nB = (2.5, -3)\r\n"
        self.assert_offsets_index_text(code)
        self.assertEqual(self.values(code), [1, 2.5, -3])

    def test_syntax_errors_raise(self):
        import tokenize
        with self.assertRaises((SyntaxError, tokenize.TokenError)):
            find_literals("X = (1, 2\n")


if __name__ == "__main__":
    unittest.main()
