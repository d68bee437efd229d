"""The program being written: parameters at the top, grouped by what they belong to,
then the statements that set them, in the same groups."""

from .naming import Names


class Program:
    def __init__(self):
        self.names = Names(reserved={"bpy", "math", "link", "socket"})
        self._groups = []  # (title, [(NAME, literal, comment)], [statement])
        self.needs_node_helpers = False

    def group(self, title):
        params, statements = [], []
        self._groups.append((title, params, statements))
        return _Group(self.names, params, statements)

    @property
    def parameter_count(self):
        return sum(len(params) for _, params, _ in self._groups)

    def text(self, header_lines):
        out = ["# " + line for line in header_lines]
        out += ["import math", "", "import bpy", ""]
        for title, params, _ in self._groups:
            if not params:
                continue
            out.append("# %s" % title)
            for name, value, comment in params:
                out.append("%s = %s%s" % (name, value, "  # " + comment if comment else ""))
            out.append("")
        if self.needs_node_helpers:
            # By name among all sockets: 4.x's inputs["name"] finds only available ones, and
            # availability can differ between two Blenders holding the same scene.
            out += [
                "",
                "def socket(sockets, key):",
                '    """A node socket by index, or by name, available or not."""',
                "    if isinstance(key, int):",
                "        return sockets[key]",
                "    return next(s for s in sockets if s.name == key)",
                "",
                "",
                "def link(tree, from_node, from_socket, to_node, to_socket):",
                '    """Connect two node sockets (by name or index), unless they already are."""',
                "    output = socket(tree.nodes[from_node].outputs, from_socket)",
                "    target = socket(tree.nodes[to_node].inputs, to_socket)",
                "    if not any(l.from_socket == output for l in target.links):",
                "        tree.links.new(output, target)",
                "",
            ]
        out += ["", "# ---- set the values above " + "-" * 62]
        for title, _, statements in self._groups:
            if not statements:
                continue
            out.append("")
            out.append("# %s" % title)
            out += statements
        return "\n".join(out).rstrip() + "\n"


class _Group:
    def __init__(self, names, params, statements):
        self._names = names
        self._params = params
        self.statements = statements

    def parameter(self, parts, value, comment=""):
        """Declare a parameter named from ``parts`` with literal ``value``; returns its name."""
        name = self._names.take(*parts)
        self._params.append((name, value, comment))
        return name

    def say(self, statement):
        self.statements.append(statement)
