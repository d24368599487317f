"""The PDF's chart labels: a one-line SVG label is drawn as one line (webapp/reports/svg_text.py)
where it would have gone letter by letter, and any other SVG text is left to WeasyPrint."""

from __future__ import annotations

import pytest

from webapp.reports.pdf import html_to_pdf, pdf_unavailable

from .conftest import ROOT
from .test_report_pdf import pdf_pages

STATIC = ROOT / "webapp" / "static"

needs_pdf = pytest.mark.skipif(pdf_unavailable() is not None,
                               reason=f"WeasyPrint cannot load: {pdf_unavailable()}")

PAGE = """<!doctype html><html lang="en"><head><title>Chart</title></head><body>
<svg viewBox="0 0 400 120" width="400" xmlns="http://www.w3.org/2000/svg"
     font-family="DejaVu Sans, sans-serif">
  <text x="200" y="20" font-size="12" text-anchor="middle">argues against →</text>
  <text x="390" y="50" font-size="12" text-anchor="end">net +0.86 (saturated)</text>
  <text x="10" y="80" font-size="12" dx="0 2 2 2">Gaps</text>
  <text x="10" y="110" font-size="12">Partly <tspan font-weight="bold">bold</tspan></text>
</svg></body></html>"""


@needs_pdf
def test_plain_labels_and_the_others_are_all_in_the_pdf(tmp_path):
    import weasyprint.svg as svg_module

    pages = pdf_pages(html_to_pdf(PAGE, str(STATIC)), tmp_path)
    assert svg_module.TAGS["text"] is svg_module.text  # text-anchor still applies
    page = pages[0]
    for label in ("argues against →", "net +0.86 (saturated)", "Partly", "bold"):
        assert label in page
    assert "G" in page and "s" in page  # the letter-spaced label still drawn


def test_what_takes_the_one_line_path():
    from webapp.reports.svg_text import _plain

    class Node(dict):
        def __init__(self, text, children=(), tag="text", **attrib):
            super().__init__(attrib)
            self.text, self.tag, self.attrib, self._children = text, tag, attrib, children

        def __iter__(self):
            return iter(self._children)

    assert _plain(Node("net +0.86", x="10", y="20", **{"text-anchor": "end"}))
    assert not _plain(Node("Gaps", x="10", y="20", dx="0 2"))
    assert not _plain(Node("a b", x="10 20", y="20"))
    assert not _plain(Node("", x="10", y="20"))
    assert not _plain(Node("Partly", ["tspan"], x="10", y="20"))
    assert not _plain(Node("label", tag="tspan"))
