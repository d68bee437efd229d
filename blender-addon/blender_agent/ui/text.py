"""Text in a sidebar: a label does not wrap by itself."""

import textwrap


def paragraph(layout, text, context):
    """``text`` as labels cut to the sidebar's width."""
    scale = context.preferences.view.ui_scale
    width = context.region.width if context.region else 300
    column = layout.column(align=True)
    for line in textwrap.wrap(text, max(20, int(width / (7 * scale)))):
        column.label(text=line)
