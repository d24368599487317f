"""Compression of HTML, CSS and JavaScript (Flask-Compress: zstd, Brotli, gzip or deflate, as
the browser accepts). A page served from the page cache is compressed once: its compressed
bytes are kept under the page's SHA-256, so they can never belong to another page."""

from __future__ import annotations

from flask import Flask, Request, g
from flask_compress import Compress

from .pagecache import COMPRESS_KEY_PREFIX, LRU


class CompressedPages:
    """Flask-Compress's cache backend: only keys that name a cached page's bytes are kept."""

    def __init__(self, size: int = 64):
        self._lru = LRU(size)

    def get(self, key: str) -> bytes | None:
        return self._lru.get(key) if COMPRESS_KEY_PREFIX in key else None

    def set(self, key: str, value: bytes) -> None:
        if COMPRESS_KEY_PREFIX in key:
            self._lru.set(key, value)


def page_key(_request: Request) -> str:
    """The cached page's key set by the view (``pagecache.respond``); empty otherwise."""
    return g.get("compress_key", "")


def init_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_CACHE_BACKEND", CompressedPages)
    app.config.setdefault("COMPRESS_CACHE_KEY", page_key)
    app.extensions["weighbridge_compress"] = Compress(app)
