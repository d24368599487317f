"""PDF from the report's HTML with WeasyPrint: A4, running header and footer, tagged (PDF/UA)
with the document's title and language.

The page is rendered with ``pdf=True`` (no links to stylesheets or scripts); the stylesheets
are handed to WeasyPrint from the static folder, so making a PDF fetches nothing.

WeasyPrint needs the system's Pango. Where it is missing, ``pdf_unavailable()`` says what to
install and everything else keeps working."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = ("PDF needs the Pango library: on Debian or Ubuntu, apt-get install "
                "libpango-1.0-0 libpangoft2-1.0-0 (then restart Weighbridge)")
STYLESHEETS = ("style.css", "print.css", "pdf.css")


@lru_cache(maxsize=1)
def pdf_unavailable() -> str | None:
    """None when PDFs can be made, else what to install."""
    try:
        import weasyprint  # noqa: F401 - importing it loads Pango
    except (ImportError, OSError):
        return INSTALL_HINT
    return None


@lru_cache(maxsize=4)
def _stylesheets(static_folder: str):
    from weasyprint import CSS

    return [CSS(filename=str(Path(static_folder) / name)) for name in STYLESHEETS]


_fonts = threading.local()


def _font_config():
    """One fontconfig set-up and Pango font map per thread, kept between PDFs (WeasyPrint
    makes a fresh one for every document otherwise, with its caches cold)."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"a report PDF fetches nothing ({url})")


def html_to_pdf(html: str, static_folder: str) -> bytes:
    """The PDF of a report page rendered with ``pdf=True``."""
    from weasyprint import HTML

    from .svg_text import install

    install()
    document = HTML(string=html, base_url=static_folder, url_fetcher=_refuse)
    return document.write_pdf(stylesheets=_stylesheets(static_folder), pdf_variant="pdf/ua-1",
                              font_config=_font_config())
