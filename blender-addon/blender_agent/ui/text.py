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


def change_lines(box, changes, context, line="%s: %s → %s", most=4, more=0):
    """Parameter changes in a box, one ``line`` (name, from, to) each, the first ``most`` of them."""
    for change in changes[:most]:
        paragraph(box, line % (change["name"], change["from"], change["to"]), context, BOX_INSET)
    hidden = len(changes) - most + more if len(changes) > most else more
    if hidden > 0:
        box.label(text="and %d more" % hidden)
