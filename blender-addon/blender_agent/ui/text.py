"""Text in a sidebar: a label does not wrap by itself."""

import textwrap


# How much narrower a box's inside is than the sidebar (its margins and border), in pixels.
BOX_INSET = 20


def paragraph(layout, text, context, inset=0):
    """``text`` as labels cut to the sidebar's width, less ``inset`` pixels (BOX_INSET inside a box)."""
    scale = context.preferences.view.ui_scale
    # The region's width includes its margins and the tab strip.
    width = (context.region.width if context.region else 300) - (40 + inset) * scale
    column = layout.column(align=True)
    for line in textwrap.wrap(text, max(20, int(width / (7 * scale)))):
        column.label(text=line)
