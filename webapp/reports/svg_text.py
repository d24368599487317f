"""A faster way for WeasyPrint to draw the report charts' SVG text.

WeasyPrint (up to at least 70) lays out and draws an SVG ``<text>`` one letter at a time: a
Pango layout and a text object per character, which made the two charts about a fifth of a
report PDF's time. The charts' labels are plain: one line, one ``x`` and one ``y``, no
``dx``/``dy``/``rotate``/``textLength``/``letter-spacing``. Such a label is laid out and drawn
here as one line, placed where the letters would have gone (Pango shapes the word as a whole,
so kerning is if anything better, and the PDF's text reads as words). Anything else is left
to WeasyPrint's own function.

``install()`` is called before a PDF is made; it does nothing when WeasyPrint's SVG module is
not the one this was written for (its ``text`` function or ``TAGS`` table missing)."""

from __future__ import annotations

from math import inf

#: Attributes that need WeasyPrint's letter-by-letter drawing.
_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing", "lengthAdjust")
_installed = False


def _plain(node) -> bool:
    """Whether ``node`` is a one-line label the fast path draws exactly."""
    text = node.text
    if node.tag != "text" or not text or "\n" in text or not text.isprintable():
        return False
    if next(iter(node), None) is not None:  # a tspan or a title inside
        return False
    if any(node.get(name) is not None for name in _PER_LETTER):
        return False
    return all(len(node.attrib.get(axis, "0").split()) == 1 for axis in ("x", "y"))


def _style(svg, node, font_size):
    """The text style as WeasyPrint's own SVG text function builds it."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'")
                            for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    else:
        try:
            weight = int(weight)
        except ValueError:
            weight = 400
    style["font_weight"] = weight
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def _y_align(node, height: float, font_size: float) -> float:
    """WeasyPrint's vertical alignment of a text line (its own approximation)."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor == "middle":
        return -height / 2
    if anchor == "top":
        return 0
    if anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def _draw_line(svg, node, font_size) -> None:
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(
        node.text, style, svg.context, inf, 0)
    x = (size(node.attrib["x"].strip(), font_size, svg.inner_width) if "x" in node.attrib
         else svg.cursor_position[0])
    y = (size(node.attrib["y"].strip(), font_size, svg.inner_height) if "y" in node.attrib
         else svg.cursor_position[1])
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, height, font_size)
    svg.cursor_position = x + width, y
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, (
        (x_position, y_position - baseline),
        (x_position + width, y_position - baseline + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none",
                             Matrix(a=1, d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> None:
    """Route WeasyPrint's SVG text through the one-line path (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    import weasyprint.svg as svg_module

    original = getattr(svg_module, "text", None)
    tags = getattr(svg_module, "TAGS", None)
    if not callable(original) or not isinstance(tags, dict) or tags.get("text") is not original:
        return

    def text(svg, node, font_size):
        if _plain(node):
            return _draw_line(svg, node, font_size)
        return original(svg, node, font_size)

    # draw_node compares TAGS[tag] with the module's ``text`` for text-anchor: both change.
    svg_module.text = text
    for tag, function in tags.items():
        if function is original:
            tags[tag] = text
